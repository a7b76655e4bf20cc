import groovy.json.JsonSlurper

def out = new File(basedir, 'target/postgres-image')
def report = new JsonSlurper().parse(new File(out, 'build-report.json'))
def imageId = new File(out, 'image.id').text.trim()
assert imageId ==~ /sha256:[0-9a-f]{64}/
assert report.image == 'pgimage-it/build-and-rebuild:1.0'
assert report.imageId == imageId
assert report.contextDigest ==~ /sha256:[0-9a-f]{64}/
assert report.engine.apiVersion
// 3 setup RUNs + COPY config, entrypoint.sh, scripts
assert report.stepsTotal == 6 : report.steps
assert report.steps.size() == 6
def rebuilt = report.steps.findAll { !it.cached }
assert rebuilt.size() == 1 : "exactly one step reruns after a runtime-script edit: ${report.steps}"
assert rebuilt[0].name.contains('COPY entrypoint.d/scripts/')
assert rebuilt[0].stage == 'runtime'
assert report.stepsCached == 5
assert Math.abs(report.cacheHitRate - 0.833) < 0.001

// the page beside the report, and the two builds in its history
def page = new File(out, 'build-report.html').text
assert page.startsWith('<!DOCTYPE html>')
assert page.contains(rebuilt[0].name.replaceAll(/--mount=\S+\s+/, ''))
assert page.contains('edited entrypoint.d/scripts/20-version.sh') : 'the rerun reason is on the page'
assert new File(out, 'history').listFiles().size() == 2
// the image by layer, from the engine's history: the base image apart, each setup and runtime step's layer named
assert report.layers.baseImage == 'debian:bookworm-slim'
assert report.layers.baseBytes > 50_000_000 && report.layers.totalBytes > report.layers.baseBytes
assert report.layers.entries.collect { it.step } == report.steps.collect { it.name } : report.layers
assert report.context.projectFiles > 0 && report.context.dockerignoredFiles == 0

def log = new File(basedir, 'build.log').text
// each build's last line names the page, relative to the module
assert (log =~ /(?m)^\[INFO\] Report: target\/postgres-image\/build-report\.html\n\[INFO\] -+\n\[INFO\] BUILD SUCCESS/).size() == 2
assert log.contains('it: step one: hello from a build arg') || log.contains('CACHED')
assert log =~ /\[setup 2\/4\] RUN .*01-one\.sh/  // live step lines in the Maven log

def docker = { List<String> args -> 
    def p = (['docker'] + args).execute()
    def text = p.text.trim()
    assert p.waitFor() == 0 : "docker ${args}: ${p.err.text}"
    text
}
assert docker(['image', 'inspect', '--format', '{{.Id}}', 'pgimage-it/build-and-rebuild:1.0']) == imageId
assert docker(['image', 'inspect', '--format', '{{.Id}}', 'pgimage-it/build-and-rebuild:latest']) == imageId
assert docker(['image', 'inspect', '--format', '{{.Config.User}} {{json .Config.Entrypoint}}', imageId]) ==
        'nobody ["/opt/pgimage/entrypoint.sh"]'
def ran = docker(['run', '--rm', imageId, 'cat', '/srv/it/one', '/srv/it/two', '/srv/it/three'])
assert ran.contains('runtime ten') && ran.contains('version v2') && ran.endsWith('one\ntwo\nthree')
// scripts were bind-mounted, never copied
assert docker(['run', '--rm', '--entrypoint', 'sh', imageId, '-c', 'ls /opt/pgimage/setup/scripts 2>/dev/null | wc -l']) == '0'
return true
