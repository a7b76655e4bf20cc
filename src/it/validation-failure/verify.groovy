def log = new File(basedir, 'build.log').text
assert log.contains('4 problems in ')
assert log.contains('setup/scripts/01-install.sh: has Windows (CRLF) line endings, first at line 2')
assert log.contains('setup/scripts/02-copy.sh: uses the entrypoint layer (entrypoint.d) at line 2')
assert log.contains('setup/scripts/03-bom.sh: starts with a UTF-8 byte order mark (BOM)')
// a runtime fragment without a shebang is valid (an entrypoint may source it)
assert !log.contains('10-start.sh: has no shebang line')
assert log.contains('entrypoint.d/scripts/10-twin.sh: has the same number 10 as entrypoint.d/scripts/10-start.sh')
assert !new File(basedir, 'target/postgres-image/context.tar').exists()
assert !new File(basedir, 'target/postgres-image/Dockerfile').exists()
return true
