import groovy.json.JsonSlurper

def report = { n -> new JsonSlurper().parse(new File(basedir, "target/reports/b${n}/build-report.json")) }
def ran = { r -> r.steps.findAll { !it.cached } }
def script = { step -> (step.name =~ /setup\/scripts\/(\d\d)-/).with { it.find() ? it.group(1) : step.name.contains('COPY') ? 'COPY' : step.name } }
def ranScripts = { r -> ran(r).collect { script(it) } }

def b1 = report(1)
assert b1.stepsTotal == 6 : b1.steps
assert ranScripts(b1) == ['01', '02', '03', '04', '05', 'COPY'] : 'the first build builds everything'
assert ran(b1)[0].reason == 'cache miss (no earlier build report to compare with)'

def b2 = report(2)
assert ran(b2).isEmpty() : "the same period keeps every step cached: ${ran(b2)}"

def b3 = report(3)
assert ranScripts(b3) == ['03', '04', '05', 'COPY'] : "8 days later the weekly rule reruns 03.. only: ${b3.steps}"
assert ran(b3)[0].reason == 'cache rule on setup/scripts/03-packages.sh: every P7D, a new period began'
assert ran(b3)[1].reason == 'follows setup/scripts/03-packages.sh, which reran'

def b4 = report(4)
assert ranScripts(b4) == ['04', '05', 'COPY'] : "a new value reruns 04.. only: ${b4.steps}"
assert ran(b4)[0].reason == 'cache rule on setup/scripts/04-extensions.sh: its value changed'

def b5 = report(5)
assert ranScripts(b5) == ['04', '05', 'COPY'] : "rebuildFrom=04 reruns 04.. only: ${b5.steps}"
assert ran(b5)[0].reason == 'rebuildFrom setup/scripts/04-extensions.sh'

def b6 = report(6)
assert ran(b6).isEmpty() : "the build after a rebuild keeps the rebuilt layers: ${ran(b6)}"
assert b6.imageId == b5.imageId

def log = new File(basedir, 'build.log').text
assert log.contains(': rebuildFrom setup/scripts/04-extensions.sh') : 'the log names the reason too'
return true
