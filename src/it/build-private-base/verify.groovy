import io.github.pgimage.core.registry.TestRegistry

try {
    def log = new File(basedir, 'build.log').text
    assert !log.contains('it-Base-Pull-7') : 'the registry password must never be logged'
    // builder=auto builds an ordinary build through the engine's POST /build: the login went over its /session
    // (GrpcSessionIT pulls a private base through BuildKit's gRPC API)
    assert log.contains("Builder: the engine's POST /build") : 'the build went through POST /build'
    def p = ['docker', 'run', '--rm', '--entrypoint', 'cat', 'pgimage-it/build-private-base:1.0', '/etc/pgimage-it-base-marker'].execute()
    assert p.text.trim() == 'private-base' : 'the image was built on the private base'
    assert p.waitFor() == 0
} finally {
    def hostFile = new File(basedir, 'registry.host')
    TestRegistry.stopAndRemoveTags(new File(basedir, 'registry').toPath(), hostFile.exists() ? hostFile.text : null)
}
return true
