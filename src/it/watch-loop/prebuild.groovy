// The setup script is the shared test image's own (same bytes, so the engine's cache has its apt step).
def shared = new File(basedir, '../../../../src/it/shared/postgres-test-image').canonicalFile
def setup = new File(basedir, 'image/setup/scripts')
setup.mkdirs()
def script = new File(setup, '01-install-postgresql.sh')
script.bytes = new File(shared, 'setup/scripts/01-install-postgresql.sh').bytes
return true
