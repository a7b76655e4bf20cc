// A killed earlier run left a stopped container of each start execution: db1's start must remove db1's only, db2's
// start db2's only.
def real = basedir.toPath().toRealPath().toString()
def hash = java.security.MessageDigest.getInstance('SHA-256').digest(real.getBytes('UTF-8')).encodeHex().toString().substring(0, 16)
def module = "it.pgimage:start-stop-two-executions@${hash}"

def docker = { List<String> args ->
    def p = (['docker'] + args).execute()
    def text = p.text.trim()
    assert p.waitFor() == 0 : "docker ${args}: ${p.err.text}"
    text
}
def left = new Properties()
['db1', 'db2'].each { execution ->
    left[execution] = docker(['create', '--label', "io.github.pgimage.build=${module}".toString(),
            '--label', "io.github.pgimage.execution=${module}#${execution}".toString(), 'debian:bookworm-slim', 'true'])
}
new File(basedir, 'leftovers.properties').withOutputStream { left.store(it, 'made by prebuild.groovy') }
return true
