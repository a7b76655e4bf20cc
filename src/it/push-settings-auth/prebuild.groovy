import io.github.pgimage.core.registry.TestRegistry

// A registry that wants pgimage-it's login, on a free port; verify.groovy stops it.
def registry = TestRegistry.start(new File(basedir, 'registry').toPath(), 'pgimage-it', 'it-Pushing-4-real')
new File(basedir, 'registry.host').text = registry.host()
// the <server> id is the registry host, which includes the port known only now
new File(basedir, 'push-settings-auth-settings.xml').text = new File(basedir, 'settings-template.xml').text.replace('REGISTRY_HOST', registry.host())
context.userProperties.put('pgimage.it.registry', registry.host())
return true
