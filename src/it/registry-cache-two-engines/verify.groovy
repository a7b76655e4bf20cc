import groovy.json.JsonSlurper

def sh = { String script ->
    def p = ['bash', '-c', script].execute()
    def out = new StringBuilder()
    p.consumeProcessOutput(out, out)
    p.waitFor()
    out.toString()
}
try {
    def log = new File(basedir, 'build.log').text
    // runner 1 pushed; runner 2's report is the one left in target/
    def report = new JsonSlurper().parse(new File(basedir, 'target/postgres-image/build-report.json'))
    def setup = report.steps.findAll { it.stage == 'setup' }
    assert setup.size() == 3 : report.steps
    assert setup.every { it.cached } : "every setup step comes from the registry's cache on the empty engine: ${report.steps}"
    def rebuilt = report.steps.findAll { !it.cached }
    assert rebuilt.size() == 1 && rebuilt[0].name.contains('COPY entrypoint.d/scripts/') : report.steps
    assert log =~ /Engine tcp:\/\/127\.0\.0\.1:\d+ \(TLS, certificates in \/tmp\/pgimage-it-engine2\/client\) from dockerHost parameter/
} finally {
    def engineScripts = new File(basedir, '../../../src/test/resources/io/github/pgimage/core/engine').canonicalPath
    sh("bash '${engineScripts}/stop-tls-engine.sh' /tmp/pgimage-it-engine2; rm -rf /tmp/pgimage-it-engine2")
    def hostFile = new File(basedir, 'registry.host')
    io.github.pgimage.core.registry.TestRegistry.stopAndRemoveTags(new File(basedir, 'registry').toPath(),
            hostFile.exists() ? hostFile.text : null)
}
return true
