// Several Maven processes on one module, the faults of issue 26 injected for real: kill -9 in the middle of a context
// write, then two builds at once.
import io.github.pgimage.maven.ChildMaven
import java.security.MessageDigest

def output = new File(basedir, 'target/postgres-image')
def leftovers = { output.listFiles().findAll { it.name ==~ /\.context\.tar\.\d+\.tmp/ } }
def docker = { List<String> args ->
    def p = (['docker'] + args).execute()
    def text = p.text.trim()
    assert p.waitFor() == 0 : "docker ${args}: ${p.err.text}"
    text
}
def children = []
def maven = { String name, List<String> args ->
    def child = ChildMaven.start(basedir, localRepositoryPath.toString(), new File(basedir, "${name}.log"),
            args as String[])
    children << child
    child
}

try {
    // 1. kill -9 while context.tar is written: a large (sparse) file of its own makes the write take a while
    def big = new File(basedir, 'big')
    new File(big, 'setup/scripts').mkdirs()
    new File(big, 'setup/scripts/01-pause.sh').text = new File(basedir, 'image/setup/scripts/01-pause.sh').text
    new File(big, 'config').mkdirs()
    new RandomAccessFile(new File(big, 'config/big.bin'), 'rw').withCloseable { it.setLength(2L << 30) }
    def killed = maven('killed', ['postgres-image:context', '-Dit.source=big'])
    long deadline = System.nanoTime() + 300_000_000_000L
    while (!(output.exists() && leftovers().any { it.length() > (16L << 20) })) {
        assert killed.isAlive() : "the context was written before it could be killed:\n${killed.output()}"
        assert System.nanoTime() < deadline : "no temporary context file grew:\n${killed.output()}"
        Thread.sleep(50)
    }
    killed.kill()
    def left = leftovers()
    assert left.size() == 1 : left
    def leftName = left[0].name

    // 2. two builds with different inputs at once: the first holds the module for its 20 s step
    def first = maven('first', ['postgres-image:build', '-Dit.run=first', "-Dit.pause=20 ${UUID.randomUUID()}".toString()])
    first.await(/Context sha256:[0-9a-f]{64}/, 0, 300)
    def second = maven('second', ['postgres-image:build', '-Dit.run=second', "-Dit.pause=1 ${UUID.randomUUID()}".toString()])
    def waiting = second.await(/Waiting for another build of this module to finish with (\S+): it is held by pid (\d+) \(postgres-image:build, execution default-cli\) since \S+; waiting up to 600 s/, 0, 120)
    assert waiting.groups()[1] == output.canonicalPath
    assert waiting.groups()[2] == first.pid() as String
    assert first.waitFor(300) == 0 : first.output()
    assert second.waitFor(300) == 0 : second.output()
    assert second.output() =~ /Got \S+ after waiting \d+\.\d s/

    // the first to hold the module removed what the killed run left
    assert first.output().contains("Removed ${leftName} (")
    assert first.output().contains("left in ${output.canonicalPath} by an interrupted run")
    assert leftovers() == []

    // each build reported its own steps: never "0 of 0 steps cached"
    [first, second].each { build ->
        def built = build.output() =~ /Built pgimage-it\/build-two-at-once:1\.0 \((sha256:[0-9a-f]{64})\) in \S+ s: (\d+) of (\d+) steps cached/
        assert built.find() : build.output()
        assert (built.group(3) as int) > 0 && (built.group(2) as int) < (built.group(3) as int) : built.group(0)
    }

    // what target/ holds is the second (last) build's, every file of it
    def secondId = (second.output() =~ /Built \S+ \((sha256:[0-9a-f]{64})\)/).with { it.find(); it.group(1) }
    def report = new groovy.json.JsonSlurper().parse(new File(output, 'build-report.json'))
    assert report.imageId == secondId
    assert new File(output, 'image.id').text.trim() == secondId
    assert docker(['image', 'inspect', '--format', '{{.Id}}', 'pgimage-it/build-two-at-once:1.0']) == secondId
    def tarDigest = 'sha256:' + MessageDigest.getInstance('SHA-256').digest(new File(output, 'context.tar').bytes).encodeHex()
    assert report.contextDigest == tarDigest
    def dockerfile = new File(output, 'Dockerfile').text
    assert dockerfile.contains('IT_RUN="second"') : dockerfile
    def inTar = ['tar', '-xOf', new File(output, 'context.tar').path, 'Dockerfile'].execute()
    assert inTar.text == dockerfile
    assert inTar.waitFor() == 0
    assert report.steps.size() > 0
} finally {
    children.each { it.close() }
}
return true
