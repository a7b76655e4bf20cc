import io.github.pgimage.core.registry.TestRegistry

try {
    def log = new File(basedir, 'build.log').text
    assert !log.contains('it-Base-Pull-7') : 'the registry password must never be logged'
    // builder=auto on a Docker engine builds through BuildKit's gRPC API: the login went over its session
    assert log =~ /Builder: BuildKit \S+ over / : 'the build went through BuildKit\'s gRPC API'
    def p = ['docker', 'run', '--rm', '--entrypoint', 'cat', 'pgimage-it/build-private-base:1.0', '/etc/pgimage-it-base-marker'].execute()
    assert p.text.trim() == 'private-base' : 'the image was built on the private base'
    assert p.waitFor() == 0
} finally {
    def hostFile = new File(basedir, 'registry.host')
    TestRegistry.stopAndRemoveTags(new File(basedir, 'registry').toPath(), hostFile.exists() ? hostFile.text : null)
}
return true
