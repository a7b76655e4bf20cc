// The base image: Debian with an ENTRYPOINT of its own, as postgres:16 has docker-entrypoint.sh. Nothing can be
// pulled here, so it is made from debian:bookworm-slim, once (a new one each run would cost every cached step).
def docker = { List<String> args ->
    def p = (['docker'] + args).execute()
    def text = p.text.trim()
    assert p.waitFor() == 0 : "docker ${args}: ${p.err.text}"
    text
}
def base = 'pgimage-it/public-image-habits-base:1'
if ((['docker', 'image', 'inspect', base].execute()).waitFor() != 0) {
    def container = docker(['create', 'debian:bookworm-slim'])
    try {
        docker(['commit', '--change', 'ENTRYPOINT ["docker-entrypoint.sh"]', container, base])
    } finally {
        docker(['rm', container])
    }
}
// The build secret lives outside the build context (target/ is never sent to the engine).
def secret = new File(basedir, 'target/apt_auth')
secret.parentFile.mkdirs()
secret.text = 'machine mirror.example.invalid login ci password habits-0f3a'
return true
