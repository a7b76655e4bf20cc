import io.github.pgimage.core.registry.TestRegistry

// A registry without auth on a free port, for this test alone; verify.groovy stops it.
def registry = TestRegistry.start(new File(basedir, 'registry').toPath())
new File(basedir, 'registry.host').text = registry.host()
// the invoker hands the hook's 'context' map to the script; its userProperties become -D of the invoked build
context.userProperties.put('pgimage.it.registry', registry.host())
return true
