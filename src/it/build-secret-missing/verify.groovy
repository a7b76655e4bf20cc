// The declared file does not exist and the variable is unset: the build fails before any step runs.
def log = new File(basedir, 'build.log').text
assert log.contains("license_key") && log.contains('target/license.key')
assert !log.contains('[setup ') : 'no step may start'
assert !new File(basedir, 'target/postgres-image/image.id').exists()
return true
