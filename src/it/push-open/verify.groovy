import io.github.pgimage.core.registry.TestRegistry

try {
    def host = new File(basedir, 'registry.host').text.trim()
    def digest = new File(basedir, 'target/postgres-image/image.digest').text.trim()
    assert digest ==~ /sha256:[0-9a-f]{64}/
    // image.digest is what the registry serves for every tag pushed
    assert TestRegistry.manifestDigest(host, 'pgimage-it/push-open', '1.0', null, null) == digest
    assert TestRegistry.manifestDigest(host, 'pgimage-it/push-open', 'latest', null, null) == digest
    assert TestRegistry.manifestDigest(host, 'pgimage-it/push-open-copy', '1.0', null, null) == digest

    def log = new File(basedir, 'build.log').text
    assert log.contains("Pushing ${host}/pgimage-it/push-open:1.0 without credentials (none found for ${host})")
    assert log =~ /Layer [0-9a-f]{12}: pushing/
    assert log =~ /Layer [0-9a-f]{12}: pushed/
    // the second repository gets the layers from the first, the second tag finds them there
    assert log =~ /Layer [0-9a-f]{12}: (mounted from pgimage-it\/push-open|already in the registry)/
    // progress per layer, not per message: a 200 MB base layer is a handful of lines, not fifty
    def layerLines = log.readLines().findAll { it =~ /Layer [0-9a-f]{12}: / }
    assert layerLines.size() < 40 : layerLines.join('\n')
    assert log.contains("with digest ${digest}")
} finally {
    def hostFile = new File(basedir, 'registry.host')
    TestRegistry.stopAndRemoveTags(new File(basedir, 'registry').toPath(), hostFile.exists() ? hostFile.text : null)
}
return true
