import groovy.json.JsonSlurper
import io.github.pgimage.core.registry.TestRegistry
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream

def docker = { List<String> args ->
    def p = (['docker'] + args).execute()
    def text = p.text.trim()
    assert p.waitFor() == 0 : "docker ${args}: ${p.err.text}"
    text
}
def hostFile = new File(basedir, 'registry.host')
try {
    def host = hostFile.text.trim()
    def ref = "${host}/pgimage-it/maven-habits:1.0"
    def out = new File(basedir, 'target/postgres-image')
    def imageId = new File(out, 'image.id').text.trim()
    def digest = new File(out, 'image.digest').text.trim()
    def log = new File(basedir, 'build.log').text

    // 1. The failsafe test got what build set, and it is what the engine and the registry hold
    assert new File(basedir, 'target/seen-properties.txt').readLines() == [ref, imageId, digest]
    assert TestRegistry.manifestDigest(host, 'pgimage-it/maven-habits', '1.0', null, null) == digest

    // project.build.outputTimestamp: the context's file times, the created label, and (BuildKit 0.11+, Docker 23+)
    // the image's own creation time; Docker 20.10's BuildKit 0.8 stamps the build's time there
    def timestamp = '2024-05-01T12:00:00Z'
    new TarArchiveInputStream(new File(out, 'context.tar').newInputStream()).withCloseable { tar ->
        def entry
        while ((entry = tar.nextEntry) != null) {
            assert entry.modTime.toInstant().toString() == timestamp : entry.name
        }
    }
    def image = new JsonSlurper().parseText(docker(['image', 'inspect', '--format', '{{json .}}', imageId]))
    def engineMajor = docker(['version', '--format', '{{.Server.Version}}']).tokenize('.')[0] as int
    if (engineMajor >= 23) {
        assert image.Created.startsWith('2024-05-01T12:00:00') : image.Created
    }

    // the standard labels from the pom, under the one <labels> sets
    def labels = image.Config.Labels
    def git = ['git', '-C', basedir.path, 'rev-parse', 'HEAD'].execute()
    def head = git.text.trim()
    def expected = [
            'org.opencontainers.image.title'      : 'maven habits, titled in labels',
            'org.opencontainers.image.description': 'The habits a Maven user brings: project.build.outputTimestamp, the'
                    + ' standard image labels from this pom, the image\'s properties in a failsafe test, skipITs,'
                    + ' skipBuild, skipPush, and -o.',
            'org.opencontainers.image.version'    : '1.0',
            'org.opencontainers.image.source'     : 'https://git.example.com/pgimage/maven-habits',
            'org.opencontainers.image.url'        : 'https://pgimage.example.com/maven-habits',
            'org.opencontainers.image.licenses'   : 'Apache-2.0 OR PostgreSQL',
            'org.opencontainers.image.created'    : timestamp]
    if (git.waitFor() == 0) { // the project was copied into the plugin's work tree: its commit
        expected['org.opencontainers.image.revision'] = head
    }
    assert labels.findAll { it.key.startsWith('org.opencontainers.image.') } == expected

    // 2. skipITs skipped start and stop, skipBuild the build (its imageRef still set), skipPush the push goal
    assert log.contains("Skipping postgres-image:build (skipBuild=true): postgres-image.imageRef is ${ref}")
    assert log.contains('Skipping postgres-image:start (skipITs=true)')
    assert log.contains('Skipping postgres-image:stop (skipITs=true)')
    assert log.contains('Skipping postgres-image:push (skipPush=true)')

    // 3. offline, the push was refused before anything was built, naming the setting and offline mode
    assert log.contains("<push> (-Dpostgres-image.push): pushing ${ref} needs the registry ${host}, and the build"
            + ' runs offline. Build without push (the image goes into the engine), and push when online. (Maven runs'
            + ' offline: -o on the command line, or <offline>true</offline> in settings.xml)')
    def third = log.substring(log.lastIndexOf('Skipping postgres-image:push'))
    assert !third.contains('Builder:') : 'the offline build stopped before a builder was asked'
} finally {
    TestRegistry.stopAndRemoveTags(new File(basedir, 'registry').toPath(), hostFile.exists() ? hostFile.text : null)
}
return true
