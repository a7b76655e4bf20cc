def log = new File(basedir, 'build.log').text
assert log.contains('02-broken.sh')
assert log.contains('E: Unable to locate package postgresql-99') : 'the failing step shows its output'
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/postgres-image/image.id').exists()
// the failed build's report, and its page with the step's output as text
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/postgres-image/build-report.json'))
assert report.imageId == null
assert report.failed.step.contains('02-broken.sh')
assert report.failed.output.contains('<script>alert(1)</script>') : report.failed
def page = new File(basedir, 'target/postgres-image/build-report.html').text
assert page.contains('&lt;script&gt;alert(1)&lt;/script&gt;')
assert !page.contains('<script')
assert log =~ /\[INFO\] Report: target\/postgres-image\/build-report\.html\n\[INFO\] -+\n\[INFO\] BUILD FAILURE/
return true
