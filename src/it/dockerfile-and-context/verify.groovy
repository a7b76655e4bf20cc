import java.security.MessageDigest
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream

def out = new File(basedir, 'target/postgres-image')
def dockerfile = new File(out, 'Dockerfile').text
assert dockerfile.contains('FROM debian:bookworm-slim AS setup')
assert dockerfile.contains('--mount=type=bind,source=setup/scripts/01-install-postgresql.sh')
assert dockerfile.contains('--mount=type=cache,target=/var/cache/apt,sharing=locked')
assert dockerfile.contains('ENV PGDATA="/var/lib/postgresql/data"')
// stable before volatile: config, then entrypoint, then runtime scripts
def config = dockerfile.indexOf('COPY config/ /opt/pgimage/config/')
def entry = dockerfile.indexOf('COPY entrypoint.sh /opt/pgimage/entrypoint.sh')
def scripts = dockerfile.indexOf('COPY entrypoint.d/scripts/ /opt/pgimage/entrypoint.d/scripts/')
assert config > 0 && entry > config && scripts > entry
assert new File(out, '.dockerignore').text == '**/*.bak\n'

def tar = new File(out, 'context.tar')
def sha = MessageDigest.getInstance('SHA-256').digest(tar.bytes).encodeHex().toString()
def log = new File(basedir, 'build.log').text
assert log.contains("Context digest: sha256:${sha}")

def modeOf = { File file ->
    def bits = 0
    java.nio.file.Files.getPosixFilePermissions(file.toPath()).each { bits |= (0400 >> it.ordinal()) }
    bits
}
def names = []
new TarArchiveInputStream(tar.newInputStream()).withCloseable { tin ->
    def e
    while ((e = tin.nextEntry) != null) {
        if (!e.directory) {
            names << e.name
            assert e.modTime.time == java.time.Instant.parse('1980-01-01T00:00:00Z').toEpochMilli()
            assert e.longUserId == 0 && e.longGroupId == 0
            // the checkout's own mode, as docker build sends it; the generated files: Dockerfile 0644, the
            // default entrypoint 0755
            def mode = e.name == 'Dockerfile' ? 0644 : e.name == 'entrypoint.sh' ? 0755 : modeOf(new File(basedir, e.name))
            assert e.mode == mode : "${e.name} mode ${Integer.toOctalString(e.mode)}"
        }
    }
}
assert names == names.toSorted()
assert names.contains('Dockerfile')
assert names.contains('entrypoint.sh') // the default one: the project has none
assert !names.contains('config/notes.bak')
assert !names.contains('pom.xml')
return true
