// The build said what it waited for, then gave up after answerTimeout with an error naming the address and the
// parameter that sets the wait.
def socket = new File(basedir, 'silent.sock').toPath()
System.properties.remove('pgimage.it.engine-silent.' + socket)?.close()

def log = new File(basedir, 'build.log').text
def address = "unix://${basedir.toPath()}/silent.sock"
// 30 s, or a second more when the machine is busy
assert log =~ ("\\[INFO\\] Still waiting for the engine at " + java.util.regex.Pattern.quote(address)
        + " to answer GET /version: nothing for 3[01] s \\(gives up after 35 s without an answer\\)") : 'a line after 30 s of silence'
assert log.contains("The engine at ${address} (from dockerHost parameter) accepted the connection but sent no answer"
        + " to GET /version within 35 s") : 'the error names the address'
assert log.contains("raise <answerTimeout> (-Dpostgres-image.answerTimeout), now 35 s, if it is only slow.")
assert !log.contains('BUILD SUCCESS')
return true
