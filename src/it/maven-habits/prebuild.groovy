import io.github.pgimage.core.registry.TestRegistry

// A registry without auth on a free port, for this test alone; verify.groovy stops it.
def registry = TestRegistry.start(new File(basedir, 'registry').toPath())
new File(basedir, 'registry.host').text = registry.host()
context.userProperties.put('pgimage.it.registry', registry.host())
// no SOURCE_DATE_EPOCH from the machine: project.build.outputTimestamp is what this test checks
assert System.getenv('SOURCE_DATE_EPOCH') == null : 'unset SOURCE_DATE_EPOCH to run this test'
return true
