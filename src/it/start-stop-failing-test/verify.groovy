// The test reached the database and failed; stop still removed the container, and only then the build failed.
def log = new File(basedir, 'build.log').text
def report = new File(basedir, 'target/failsafe-reports/TEST-it.pgimage.FailingIT.xml').text
assert report.contains('tests="1"') && report.contains('failures="1"') && report.contains('errors="0"') : report
assert report.contains('deliberately failing after a successful query')

def real = basedir.toPath().toRealPath().toString()
def hash = java.security.MessageDigest.getInstance('SHA-256').digest(real.getBytes('UTF-8')).encodeHex().toString().substring(0, 16)
def label = "io.github.pgimage.build=it.pgimage:start-stop-failing-test@${hash}"
// what start labelled it with beside the module's: the execution (the pom's, id "default"), which stop names
def executionLabel = "io.github.pgimage.execution=it.pgimage:start-stop-failing-test@${hash}#default"

def testsFailed = log.indexOf('Tests run: 1, Failures: 1')
def removed = log.indexOf("Removed container ")
def buildFailed = log.indexOf('BUILD FAILURE')
assert testsFailed > 0 && removed > testsFailed && buildFailed > removed : 'tests fail, then stop removes, then the build fails'
assert log.contains("(${executionLabel})") : "stop names the label ${executionLabel}"
assert !log.contains('given-in-the-pom') : 'the password is never logged'

def p = ['docker', 'ps', '-aq', '--filter', "label=${label}"].execute()
def left = p.text.trim()
assert p.waitFor() == 0
assert left == '' : "no container of this build remains: ${left}"
return true
