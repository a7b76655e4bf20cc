def log = new File(basedir, 'build.log').text
assert log.contains('02-broken.sh')
assert log.contains('E: Unable to locate package postgresql-99') : 'the failing step shows its output'
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/postgres-image/image.id').exists()
assert !new File(basedir, 'target/postgres-image/build-report.json').exists()
return true
