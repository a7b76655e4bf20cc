// PostgreSQL exited at once: start showed why (the container's log), removed the container and failed the build;
// no test ran.
def log = new File(basedir, 'build.log').text
assert log =~ /The container [0-9a-f]{12} stopped \(exited, exit code 1\) before PostgreSQL answered/
def shown = log.indexOf('Container log:')
assert shown > 0 && log.indexOf('unrecognized configuration parameter "no_such_setting"', shown) > shown
assert log =~ /Removed container [0-9a-f]{12} after the failed start/
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/failsafe-reports').exists() : 'no test ran'

def real = basedir.toPath().toRealPath().toString()
def hash = java.security.MessageDigest.getInstance('SHA-256').digest(real.getBytes('UTF-8')).encodeHex().toString().substring(0, 16)
def p = ['docker', 'ps', '-aq', '--filter', "label=io.github.pgimage.build=it.pgimage:start-stop-start-fails@${hash}"].execute()
def left = p.text.trim()
assert p.waitFor() == 0
assert left == '' : "start left nothing behind: ${left}"
return true
