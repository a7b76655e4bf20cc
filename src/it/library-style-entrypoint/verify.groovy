// The docker-library-style project built as it is, the container started (start waited for SQL), the SSL test
// passed, and the key reached the image with the declared mode and owner.
def log = new File(basedir, 'build.log').text
def report = new File(basedir, 'target/failsafe-reports/TEST-it.pgimage.EncryptedConnectionIT.xml').text
assert report.contains('tests="1"') && report.contains('failures="0"') && report.contains('errors="0"') : report
assert log =~ /PostgreSQL answers at jdbc:postgresql:\/\/127\.0\.0\.1:\d+\/appdb as app/
assert log.contains('COPY --chown=postgres pgimage-private/config/server.key /opt/pgimage/config/server.key')

def docker = { List<String> args ->
    def p = (['docker'] + args).execute()
    def text = p.text.trim()
    assert p.waitFor() == 0 : "docker ${args}: ${p.err.text}"
    text
}
def image = 'pgimage-it/library-style-entrypoint:1.0'
// The context kept the checkout's modes: the fragments 0644, 30-check.sh 0755, and so the team's entrypoint
// sourced the one and executed the other
assert docker(['run', '--rm', '--entrypoint', 'stat', image, '-c', '%a %U %n',
               '/opt/pgimage/config/server.key', '/opt/pgimage/config/server.crt',
               '/opt/pgimage/entrypoint.d/scripts/10-env.sh', '/opt/pgimage/entrypoint.d/scripts/30-check.sh']) ==
        '600 postgres /opt/pgimage/config/server.key\n644 root /opt/pgimage/config/server.crt\n' +
        '644 root /opt/pgimage/entrypoint.d/scripts/10-env.sh\n755 root /opt/pgimage/entrypoint.d/scripts/30-check.sh'
assert docker(['run', '--rm', image, 'true']) ==
        '/opt/pgimage/entrypoint.sh: sourcing /opt/pgimage/entrypoint.d/scripts/10-env.sh\n' +
        '/opt/pgimage/entrypoint.sh: sourcing /opt/pgimage/entrypoint.d/scripts/20-initdb.sh\n' +
        '/opt/pgimage/entrypoint.sh: running /opt/pgimage/entrypoint.d/scripts/30-check.sh\n' +
        '30-check.sh: runs in a process of its own'
return true
