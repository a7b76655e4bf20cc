// `mvn package` with BUILDKIT_HOST=unix://…/buildkitd.sock and no builder parameter: the build goes to that daemon (a
// BuildKitRelay: the engine's own BuildKit as a standalone one), the log's Builder: line and the report's reason say
// BUILDKIT_HOST chose it, and the engine's BuildKit exported the image into the engine, where it is tagged.
import io.github.pgimage.core.engine.EngineLocator
import io.github.pgimage.core.imagebuild.BuildKitRelay
import io.github.pgimage.maven.ChildMaven
import java.nio.file.Path

def engine = EngineLocator.forThisProcess().locate(null).host()
assert engine.scheme == 'unix' : "the relay dials the test engine's socket; ${engine} is not one"
def socket = new File(basedir, 'buildkitd.sock').toPath()
def address = "unix://${socket}".toString()
def relay = BuildKitRelay.onSocket(Path.of(engine.path), socket)
def log
try {
    def child = ChildMaven.start(basedir, localRepositoryPath.toString(), new File(basedir, 'child.log'),
            [BUILDKIT_HOST: address], 'package')
    try {
        assert child.waitFor(300) == 0 : child.output()
        log = child.output()
    } finally {
        child.close()
    }
    assert relay.connections() > 0 : 'the build went to the daemon BUILDKIT_HOST names'
} finally {
    relay.close()
}
def reason = "BUILDKIT_HOST=${address} (the builder parameter is not set)".toString()
assert log.readLines().any { it.startsWith('[INFO] Builder: ') && it.endsWith(reason) } : log
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/postgres-image/build-report.json'))
assert report.builder.reason == reason
assert report.builder.via == address
def imageId = new File(basedir, 'target/postgres-image/image.id').text.trim()
def p = ['docker', 'image', 'inspect', '--format', '{{.Id}}', 'pgimage-it/buildkit-host:1.0'].execute()
assert p.text.trim() == imageId : 'the engine holds the image under its tag'
return true
