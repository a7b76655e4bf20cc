import io.github.pgimage.core.registry.TestRegistry

try {
    def host = new File(basedir, 'registry.host').text.trim()
    def digest = new File(basedir, 'target/postgres-image/image.digest').text.trim()
    assert digest ==~ /sha256:[0-9a-f]{64}/
    assert TestRegistry.manifestDigest(host, 'pgimage-it/push-settings-auth', '1.0', 'pgimage-it', 'it-Pushing-4-real') == digest

    def log = new File(basedir, 'build.log').text
    assert log.contains("Pushing ${host}/pgimage-it/push-settings-auth:1.0 as user 'pgimage-it' from settings.xml server '${host}'")
    def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/postgres-image/build-report.json'))
    if (report.engine.kind != 'podman') {
        // Podman 4.3 streams no per-layer progress for a push, only the closing digest
        assert log =~ /Layer [0-9a-f]{12}: pushed/
    }
    assert !log.contains('it-Pushing-4-real') : 'the decrypted password must never be logged'
} finally {
    def hostFile = new File(basedir, 'registry.host')
    TestRegistry.stopAndRemoveTags(new File(basedir, 'registry').toPath(), hostFile.exists() ? hostFile.text : null)
}
return true
