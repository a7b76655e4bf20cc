// start removed this execution's leftovers before starting its own container, left the other checkout's and the
// other execution's alone, published the fixed port; stop removed the container and the named volume start created.
def log = new File(basedir, 'build.log').text
def left = new Properties()
new File(basedir, 'leftovers.properties').withInputStream { left.load(it) }
def report = new File(basedir, 'target/failsafe-reports/TEST-it.pgimage.ConnectIT.xml').text
assert report.contains('tests="1"') && report.contains('failures="0"') && report.contains('errors="0"') : report

def real = basedir.toPath().toRealPath().toString()
def hash = java.security.MessageDigest.getInstance('SHA-256').digest(real.getBytes('UTF-8')).encodeHex().toString().substring(0, 16)
def module = "io.github.pgimage.build=it.pgimage:start-stop-leftovers@${hash}"
def label = "io.github.pgimage.execution=it.pgimage:start-stop-leftovers@${hash}#default"

def started = log.indexOf('Started container ')
assert started > 0
[left.running, left.stopped].each { id ->
    def line = "Leftover of an earlier run: Removed container ${id.substring(0, 12)} (${label})"
    assert log.contains(line) && log.indexOf(line) < started : "start removed leftover ${id} first"
}
def volumeLine = "Leftover of an earlier run: Removed volume ${left.volume} (${label})"
assert log.contains(volumeLine) && log.indexOf(volumeLine) < started
assert log.contains("Created volume pgimage-it-start-stop-leftovers-data")
assert log.contains("PostgreSQL answers at jdbc:postgresql://127.0.0.1:${left.port}/postgres as postgres after")
def stopLine = "Removed volume pgimage-it-start-stop-leftovers-data (${label})"
assert log.indexOf(stopLine) > log.indexOf('Tests run: 1, Failures: 0') : 'stop removed the volume start created'

def docker = { List<String> args ->
    def p = (['docker'] + args).execute()
    def text = p.text.trim()
    assert p.waitFor() == 0 : "docker ${args}: ${p.err.text}"
    text
}
assert docker(['ps', '-aq', '--filter', "label=${label}"]) == ''
assert docker(['volume', 'ls', '-q', '--filter', "label=${label}"]) == ''
// the other checkout's container survived both start and stop, and so did the other execution's running one
assert docker(['ps', '-aq', '--no-trunc', '--filter', "id=${left.foreign}"]) == left.foreign
assert docker(['ps', '-q', '--no-trunc', '--filter', "label=${module}"]) == left.sibling
docker(['rm', '-f', left.foreign, left.sibling])
return true
