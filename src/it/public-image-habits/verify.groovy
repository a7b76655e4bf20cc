// Built as it is, started (start waited for SQL), queried by the failsafe test; then a look into the image.
import java.security.MessageDigest

def log = new File(basedir, 'build.log').text
def report = new File(basedir, 'target/failsafe-reports/TEST-it.pgimage.HabitsIT.xml').text
assert report.contains('tests="1"') && report.contains('failures="0"') && report.contains('errors="0"') : report
assert log =~ /PostgreSQL answers at jdbc:postgresql:\/\/127\.0\.0\.1:\d+\/appdb as app/

// What the plan told: '_' read as the end of a number, the link kept as a link, the hidden file left out, the
// base image's ENTRYPOINT replaced
assert log.contains("[INFO] setup/scripts/000_install_postgresql.sh: '_' read as the end of its number 000, as '-' is")
assert log.contains("[INFO] entrypoint.d/scripts/10_tune.sh: '_' read as the end of its number 10, as '-' is")
assert log.contains('[INFO] config/ssl/ca.crt: is a symbolic link to /etc/ssl/certs/ca-certificates.crt, outside the project: copied as a link')
assert log.contains('[WARNING] entrypoint.d/scripts/.versions.json: is a hidden file')
assert log.contains('[WARNING] The base image pgimage-it/public-image-habits-base:1 has its own ENTRYPOINT docker-entrypoint.sh')
assert log.count('has its own ENTRYPOINT') == 1
// setup steps in numeric order, each run through its interpreter
assert log =~ /\[setup 2\/3\] RUN \/bin\/bash \/opt\/pgimage\/setup\/scripts\/000_install_postgresql\.sh/
assert log =~ /\[setup 3\/3\] RUN \/bin\/sh \/opt\/pgimage\/setup\/scripts\/10_local_packages\.sh/
// the secret was mounted where a variable reads it
def dockerfile = new File(basedir, 'target/postgres-image/Dockerfile').text
assert dockerfile =~ /--mount=type=secret,id=apt_auth,required=true \\\n    \/bin\/sh \/opt\/pgimage\/setup\/scripts\/10_local_packages\.sh/
assert dockerfile.count('--mount=type=secret') == 1

def docker = { List<String> args ->
    def p = (['docker'] + args).execute()
    def out = new StringBuilder(), err = new StringBuilder()
    p.waitForProcessOutput(out, err)
    assert p.exitValue() == 0 : "docker ${args}: ${err}"
    out.toString().trim()
}
def image = 'pgimage-it/public-image-habits:1.0'
def inImage = { String script -> docker(['run', '--rm', '--entrypoint', 'sh', image, '-c', script]) }
def secretDigest = MessageDigest.getInstance('SHA-256')
        .digest(new File(basedir, 'target/apt_auth').bytes).encodeHex().toString().substring(0, 16)
assert inImage('''
    cat /usr/share/pgimage-hello/marker
    cat /etc/pgimage-apt-auth.sha256
    readlink /opt/pgimage/config/ssl/ca.crt
    test -s /opt/pgimage/config/ssl/ca.crt && echo resolves
    stat -c '%a %n' /opt/pgimage/entrypoint.d/scripts/*
    ls -A /opt/pgimage/entrypoint.d/scripts
    find /opt/pgimage/setup -type f | wc -l
''') == """installed from setup/lib/debs
${secretDigest}
/etc/ssl/certs/ca-certificates.crt
resolves
644 /opt/pgimage/entrypoint.d/scripts/000_file_env.sh
644 /opt/pgimage/entrypoint.d/scripts/10_tune.sh
644 /opt/pgimage/entrypoint.d/scripts/2-init-db.sh
000_file_env.sh
10_tune.sh
2-init-db.sh
0"""
return true
