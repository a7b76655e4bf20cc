import io.github.pgimage.core.registry.TestRegistry

import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

// A registry with a login only the credential helper knows; verify.groovy stops it.
def password = 'helper-' + UUID.randomUUID()
def registry = TestRegistry.start(new File(basedir, 'registry').toPath(), 'pgimage-it', password)
new File(basedir, 'registry.host').text = registry.host()
new File(basedir, 'registry.password').text = password

// The docker-credential-helpers protocol: "get", the server on stdin, JSON on stdout; "credentials not found" otherwise.
def bin = new File(basedir, 'bin')
bin.mkdirs()
def helper = new File(bin, 'docker-credential-pgimage-it')
helper.text = """#!/bin/sh
[ "\$1" = get ] || exit 2
server=\$(cat)
echo "\$server" >> "${new File(basedir, 'helper-calls.txt')}"
if [ "\$server" = "${registry.host()}" ]; then
  echo '{"ServerURL":"${registry.host()}","Username":"pgimage-it","Secret":"${password}"}'
else
  echo "credentials not found in native keychain"
  exit 1
fi
"""
Files.setPosixFilePermissions(helper.toPath(), PosixFilePermissions.fromString('rwxr-xr-x'))

def config = new File(basedir, 'docker-config')
config.mkdirs()
// the key in the URL form some tools write: the plugin normalises it to the host
new File(config, 'config.json').text = """{"auths": {}, "credHelpers": {"http://${registry.host()}": "pgimage-it"}}"""

context.userProperties.put('pgimage.it.registry', registry.host())
return true
