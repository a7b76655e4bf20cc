def log = new File(basedir, 'build.log').text
assert log.contains('6 problems in ')
assert log.contains('setup/scripts/01-install.sh: has Windows (CRLF) line endings, first at line 2')
assert log.contains('setup/scripts/02-copy.sh: uses the entrypoint layer (entrypoint.d) at line 2')
assert log.contains('setup/scripts/03-bom.sh: starts with a UTF-8 byte order mark (BOM)')
// a runtime fragment without a shebang is valid (an entrypoint may source it)
assert !log.contains('10-start.sh: has no shebang line')
assert log.contains('entrypoint.d/scripts/10-twin.sh: has the same number 10 as entrypoint.d/scripts/10-start.sh')
// bad parameters are named as the pom writes them
assert log.contains("  - <exposedPorts>: 'postgres' is not a port -> use a number from 1 to 65535")
assert log.contains("  - <stopSignal>: 'stop now' is not a signal -> use a signal name such as SIGINT")
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/postgres-image/context.tar').exists()
assert !new File(basedir, 'target/postgres-image/Dockerfile').exists()
return true
