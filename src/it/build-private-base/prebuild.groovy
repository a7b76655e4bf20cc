import io.github.pgimage.core.registry.TestRegistry

// A registry that wants a login, holding the only copy of the base image (with a marker file of its own).
def registry = TestRegistry.start(new File(basedir, 'registry').toPath(), 'pgimage-base', 'it-Base-Pull-7')
def host = registry.host()
new File(basedir, 'registry.host').text = host
new File(basedir, 'build-private-base-settings.xml').text =
        new File(basedir, 'settings-template.xml').text.replace('REGISTRY_HOST', host)
new File(basedir, 'docker-config').mkdirs()
context.userProperties.put('pgimage.it.registry', host)

def pusherConfig = new File(basedir, 'pusher-docker-config')
pusherConfig.mkdirs()
def sh = { String script ->
    def p = ['bash', '-c', script].execute(["DOCKER_CONFIG=${pusherConfig}", "PATH=${System.getenv('PATH')}"], basedir)
    def out = new StringBuilder()
    p.consumeProcessOutput(out, out)
    assert p.waitFor() == 0 : "${script}\n${out}"
}
sh("""
set -e
ref='${host}/base/debian:private'
printf 'FROM debian:bookworm-slim\\nRUN echo private-base > /etc/pgimage-it-base-marker\\n' > Dockerfile.base
DOCKER_BUILDKIT=0 docker build -q -t "\$ref" -f Dockerfile.base . >/dev/null 2>&1 || /usr/bin/docker build -q -t "\$ref" -f Dockerfile.base .
echo 'it-Base-Pull-7' | docker login '${host}' -u pgimage-base --password-stdin >/dev/null
docker push "\$ref" >/dev/null
docker logout '${host}' >/dev/null
docker image rm "\$ref" >/dev/null
rm -f Dockerfile.base
""")
return true
