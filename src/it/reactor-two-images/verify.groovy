// The aggregator was skipped with one info line; both modules built, each with the shared helpers.
def log = new File(basedir, 'build.log').text
def skipped = log.readLines().findAll { it.contains('has no image layout') }
assert skipped.size() == 1 : skipped
assert skipped[0].startsWith('[INFO] Skipping reactor-two-images: ')
assert log.contains('BUILD SUCCESS')

def docker = { List<String> args ->
    def p = (['docker'] + args).execute()
    def text = p.text.trim()
    assert p.waitFor() == 0 : "docker ${args}: ${p.err.text}"
    text
}
assert docker(['run', '--rm', 'pgimage-it/reactor-orders-db:1.0', 'cat', '/srv/it/stamp']) == 'orders built with the shared helper'
assert docker(['run', '--rm', 'pgimage-it/reactor-audit-db:1.0', 'cat', '/srv/it/stamp']) == 'audit built with the shared helper'
// the shared entrypoint.d/lib reached the image that sources it from a shebang-less fragment
def p = ['docker', 'run', '--rm', 'pgimage-it/reactor-audit-db:1.0', 'true'].execute()
def err = p.err.text
assert p.waitFor() == 0
assert err.contains('entrypoint: sourcing 10-log.sh') && err.contains('audit-db starting') : err
return true
