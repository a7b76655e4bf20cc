// A registry on a free port and a second, empty engine on tcp://127.0.0.1:<free port> (mutual TLS). Each run
// makes setup and runtime content the engines have never seen, so only the registry can supply cache hits.
def sh = { String script ->
    def p = ['bash', '-c', script].execute()
    def out = new StringBuilder()
    p.consumeProcessOutput(out, out)
    assert p.waitFor() == 0 : "${script}\n${out}"
    out.toString()
}
def run = UUID.randomUUID().toString()
['v1', 'v2'].each { v ->
    new File(basedir, "${v}/setup/scripts/01-one.sh").text =
            "#!/bin/sh\nset -eu\nmkdir -p /srv/it && echo 'one ${run}' > /srv/it/one\nsleep 2\n"
    new File(basedir, "${v}/entrypoint.d/scripts/20-version.sh").text = "#!/bin/sh\necho 'version ${v} ${run}'\n"
}

// An open registry on a free port; verify.groovy stops it.
def registry = io.github.pgimage.core.registry.TestRegistry.start(new File(basedir, 'registry').toPath())
context.userProperties.put('pgimage.registry', registry.host())
new File(basedir, 'registry.host').text = registry.host()

def port = io.github.pgimage.core.registry.TestRegistry.freePort()
context.userProperties.put('pgimage.engine2', "tcp://127.0.0.1:${port}".toString())
def engineScripts = new File(basedir, '../../../src/test/resources/io/github/pgimage/core/engine').canonicalPath
sh("""
[ -f /tmp/pgimage-it-engine2/dockerd.pid ] && bash '${engineScripts}/stop-tls-engine.sh' /tmp/pgimage-it-engine2 || true
rm -rf /tmp/pgimage-it-engine2
bash '${engineScripts}/start-tls-engine.sh' /tmp/pgimage-it-engine2 ${port}
""")
return true
