// `mvn verify` with dockerHost=ssh://…: the build, start (until PostgreSQL answers) and stop all go through ssh and
// the remote CLI's `docker system dial-stdio`. The child Maven's PATH starts with an ssh that carries the test's
// key and known host (TestSshd.writeSshOnPath); the plugin runs it as it runs the system's.
import io.github.pgimage.core.engine.EngineLocator
import io.github.pgimage.core.engine.TestSshd
import io.github.pgimage.maven.ChildMaven

def engine = EngineLocator.forThisProcess().locate(null).host()
assert engine.scheme == 'unix' : "the remote CLI dials the test engine's socket; ${engine} is not one"
def sshd = TestSshd.start(new File(basedir, 'sshd').toPath())
def log
try {
    def address = sshd.address(engine.path).toString()
    def path = "${sshd.writeSshOnPath()}:${System.getenv('PATH')}".toString()
    def child = ChildMaven.start(basedir, localRepositoryPath.toString(), new File(basedir, 'child.log'),
            [PATH: path], "-Dpostgres-image.dockerHost=${address}".toString(), 'verify')
    try {
        assert child.waitFor(900) == 0 : child.output()
        log = child.output()
    } finally {
        child.close()
    }
    assert log.contains("[INFO] Engine ${address} from dockerHost parameter") : 'build and start reach the engine over ssh'
    assert log =~ /PostgreSQL answers at jdbc:postgresql:\/\/127\.0\.0\.1:\d+\/app as app after \d+\.\d s/
    assert log.contains('Removed container') : 'stop removed it through ssh'
} finally {
    sshd.close()
}

def real = basedir.toPath().toRealPath().toString()
def hash = java.security.MessageDigest.getInstance('SHA-256').digest(real.getBytes('UTF-8')).encodeHex().toString().substring(0, 16)
def p = ['docker', 'ps', '-aq', '--filter', "label=io.github.pgimage.build=it.pgimage:ssh-engine@${hash}"].execute()
assert p.text.trim() == '' : 'nothing of start is left'
return true
