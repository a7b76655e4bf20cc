import io.github.pgimage.core.registry.TestRegistry

// A registry that wants a login neither invocation has; verify.groovy stops it.
def registry = TestRegistry.start(new File(basedir, 'registry').toPath(), 'pgimage-it', 'right-' + UUID.randomUUID())
def wrong = 'wrong-' + UUID.randomUUID()
new File(basedir, 'registry.host').text = registry.host()
new File(basedir, 'wrong.password').text = wrong
new File(basedir, 'push-auth-failures-settings.xml').text = new File(basedir, 'settings-template.xml').text
        .replace('REGISTRY_HOST', registry.host()).replace('WRONG_PASSWORD', wrong)
context.userProperties.put('pgimage.it.registry', registry.host())
return true
