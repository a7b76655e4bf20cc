// start exported working properties (the test passed), and stop removed the container and its anonymous volume.
def log = new File(basedir, 'build.log').text
def report = new File(basedir, 'target/failsafe-reports/TEST-it.pgimage.ConnectIT.xml').text
assert report.contains('tests="1"') && report.contains('failures="0"') && report.contains('errors="0"') : report

// The label is recomputed here as the plugin documents it, and must be the one stop reported.
def real = basedir.toPath().toRealPath().toString()
def hash = java.security.MessageDigest.getInstance('SHA-256').digest(real.getBytes('UTF-8')).encodeHex().toString().substring(0, 16)
def label = "io.github.pgimage.build=it.pgimage:start-stop-verify@${hash}"
// what start labelled it with beside the module's: the execution (the pom's, id "default"), which stop names
def executionLabel = "io.github.pgimage.execution=it.pgimage:start-stop-verify@${hash}#default"
assert log =~ /Started container [0-9a-f]{12} from sha256:[0-9a-f]{64}/  // the id from image.id, not the tag
assert log =~ /PostgreSQL answers at jdbc:postgresql:\/\/127\.0\.0\.1:\d+\/appdb as app after \d+\.\d s/
def stopped = log.indexOf("Removed container")
assert stopped > log.indexOf('Tests run: 1, Failures: 0') : 'stop ran after the tests'
assert log.contains("(${executionLabel})") : "stop names the label ${executionLabel}"

def password = new File(basedir, 'target/seen-password.txt').text
assert password ==~ /[A-Za-z0-9_-]{32}/
assert !log.contains(password) : 'the generated password is never logged'

def docker = { List<String> args ->
    def p = (['docker'] + args).execute()
    def text = p.text.trim()
    assert p.waitFor() == 0 : "docker ${args}: ${p.err.text}"
    text
}
assert docker(['ps', '-aq', '--filter', "label=${label}"]) == ''
assert docker(['volume', 'ls', '-q', '--filter', "label=${label}"]) == ''
return true
