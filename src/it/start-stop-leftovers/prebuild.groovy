// A killed earlier run of this project's start execution (the pom's, id "default"): a running and a stopped
// container and a volume, all with the module's and the execution's labels. Beside them a container of another
// checkout of the same project (same groupId:artifactId, another folder), and a running one of another execution of
// this module (a second database), which start and stop must both leave alone.
def real = basedir.toPath().toRealPath().toString()
def hash = java.security.MessageDigest.getInstance('SHA-256').digest(real.getBytes('UTF-8')).encodeHex().toString().substring(0, 16)
def module = "it.pgimage:start-stop-leftovers@${hash}"
def labels = ['--label', "io.github.pgimage.build=${module}", '--label', "io.github.pgimage.execution=${module}#default"]
def siblingLabels = ['--label', "io.github.pgimage.build=${module}", '--label', "io.github.pgimage.execution=${module}#db2"]
def foreignLabel = "io.github.pgimage.build=it.pgimage:start-stop-leftovers@0000000000000000"

def docker = { List<String> args ->
    def p = (['docker'] + args).execute()
    def text = p.text.trim()
    assert p.waitFor() == 0 : "docker ${args}: ${p.err.text}"
    text
}
def sleeper = ['debian:bookworm-slim', 'sh', '-c', "trap 'exit 0' TERM INT; sleep 600 & wait"]
def left = new Properties()
left.running = docker(['run', '-d'] + labels + sleeper)
left.stopped = docker(['create'] + labels + ['debian:bookworm-slim', 'true'])
left.volume = docker(['volume', 'create'] + labels + ["pgimage-it-leftover-${UUID.randomUUID()}".toString()])
left.foreign = docker(['create', '--label', foreignLabel, 'debian:bookworm-slim', 'true'])
left.sibling = docker(['run', '-d'] + siblingLabels + sleeper)

// A port free now, for <hostPort>; the engine binds it moments later.
def socket = new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1'))
left.port = socket.localPort as String
socket.close()
def pom = new File(basedir, 'pom.xml')
pom.text = pom.text.replace('<pgimage.it.hostPort>0</pgimage.it.hostPort>', "<pgimage.it.hostPort>${left.port}</pgimage.it.hostPort>")

new File(basedir, 'leftovers.properties').withOutputStream { left.store(it, 'made by prebuild.groovy') }
return true
