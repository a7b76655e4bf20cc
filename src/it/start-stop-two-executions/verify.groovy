// Both databases answered the test at once; each start cleared only its own execution's leftover; stop in db1
// stopped db1's container only, stop in stop-rest what was left of the module.
def log = new File(basedir, 'build.log').text
def report = new File(basedir, 'target/failsafe-reports/TEST-it.pgimage.TwoDatabasesIT.xml').text
assert report.contains('tests="1"') && report.contains('failures="0"') && report.contains('errors="0"') : report
def left = new Properties()
new File(basedir, 'leftovers.properties').withInputStream { left.load(it) }

def real = basedir.toPath().toRealPath().toString()
def hash = java.security.MessageDigest.getInstance('SHA-256').digest(real.getBytes('UTF-8')).encodeHex().toString().substring(0, 16)
def module = "io.github.pgimage.build=it.pgimage:start-stop-two-executions@${hash}"
def execution = { String id -> "io.github.pgimage.execution=it.pgimage:start-stop-two-executions@${hash}#${id}" }

/** What one goal execution printed: from Maven's "--- …:goal (id) @ …" line to the next such line. */
def section = { String goal, String id ->
    def header = log =~ /(?m)^\[INFO\] --- \S*:${goal} \(${id}\) @ .*$/
    assert header.find() : "no ${goal} (${id}) in the log"
    def next = log.indexOf('[INFO] --- ', header.end())
    log.substring(header.end(), next < 0 ? log.length() : next)
}
def started = { String text ->
    def m = text =~ /Started container ([0-9a-f]{12}) from/
    assert m.find() : text
    m.group(1)
}

def db1 = section('start', 'db1')
def db2 = section('start', 'db2')
assert db1.contains("Leftover of an earlier run: Removed container ${left.db1.substring(0, 12)} (${execution('db1')})")
assert !db1.contains(left.db2.substring(0, 12)) : "db1's start took db2's leftover:\n${db1}"
assert db2.contains("Leftover of an earlier run: Removed container ${left.db2.substring(0, 12)} (${execution('db2')})")
def first = started(db1)
def second = started(db2)
assert !db2.contains(first) : "db2's start touched db1's running container:\n${db2}"

def stop1 = section('stop', 'db1')
assert stop1.contains("Removed container ${first} (${execution('db1')})")
assert !stop1.contains(second) : "stop in db1 stopped db2's database:\n${stop1}"
def rest = section('stop', 'stop-rest')
assert rest.contains("Removed container ${second} (${module})")
assert log.indexOf('Removed container ' + first) > log.indexOf('Tests run: 1, Failures: 0') : 'stop ran after the tests'

def p = ['docker', 'ps', '-aq', '--filter', "label=${module}"].execute()
def remaining = p.text.trim()
assert p.waitFor() == 0
assert remaining == '' : "nothing of the module remains: ${remaining}"
return true
