import io.github.pgimage.core.registry.TestRegistry

try {
    def host = new File(basedir, 'registry.host').text.trim()
    def password = new File(basedir, 'registry.password').text.trim()
    def digest = new File(basedir, 'target/postgres-image/image.digest').text.trim()
    assert digest ==~ /sha256:[0-9a-f]{64}/
    assert TestRegistry.manifestDigest(host, 'pgimage-it/push-credential-helper', '1.0', 'pgimage-it', password) == digest

    // asked once, with the registry host on stdin
    assert new File(basedir, 'helper-calls.txt').readLines() == [host]
    def log = new File(basedir, 'build.log').text
    assert log.contains("Pushing ${host}/pgimage-it/push-credential-helper:1.0 as user 'pgimage-it' from credential helper docker-credential-pgimage-it")
    assert log =~ /Layer [0-9a-f]{12}: pushed/
    assert !log.contains(password) : 'the helper\'s secret must never be logged'
} finally {
    def hostFile = new File(basedir, 'registry.host')
    TestRegistry.stopAndRemoveTags(new File(basedir, 'registry').toPath(), hostFile.exists() ? hostFile.text : null)
}
return true
