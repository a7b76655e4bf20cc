import java.security.MessageDigest

def secrets = ['lic-0b5d2e8f-file-secret-value', 'tok-7f3a9c1e-env-secret-value']
def sha = { String s -> MessageDigest.getInstance('SHA-256').digest(s.bytes).encodeHex().toString() }
def docker = { List<String> args ->
    def p = (['docker'] + args).execute()
    def out = new ByteArrayOutputStream()
    p.consumeProcessOutputStream(out)
    def err = new StringBuilder()
    p.consumeProcessErrorStream(err)
    assert p.waitFor() == 0 : "docker ${args}: ${err}"
    out.toByteArray()
}
def text = { List<String> args -> new String(docker(args), 'UTF-8').trim() }

def image = 'pgimage-it/build-secrets:1.0'
assert text(['run', '--rm', '--entrypoint', 'cat', image, '/srv/it/license_key.sha256']) == sha(secrets[0])
assert text(['run', '--rm', '--entrypoint', 'cat', image, '/srv/it/repo_token.sha256']) == sha(secrets[1])

// No byte sequence of a secret anywhere: every layer of the saved image, its history, its config, the log,
// the report and the context.
def saved = new File(basedir, 'target/saved.tar')
saved.bytes = docker(['save', image])
def haystacks = [
    'saved image': saved.bytes,
    'history': docker(['history', '--no-trunc', image]),
    'inspect': docker(['image', 'inspect', image]),
    'build.log': new File(basedir, 'build.log').bytes,
    'report': new File(basedir, 'target/postgres-image/build-report.json').bytes,
    'context': new File(basedir, 'target/postgres-image/context.tar').bytes,
]
// The build ran with -X: a wire-level logger would write a secret's bytes as hex or base64 rather than as text.
def encodings = evaluate(new File(pgimageItShared, 'secret-forms.groovy'))
def log = new String(new File(basedir, 'build.log').bytes, 'ISO-8859-1')
assert log.contains('[DEBUG]') : 'the build did not run with -X'
secrets.each { s -> encodings(s).each { form -> assert !log.contains(form) : "a secret is in the -X log as ${form}" } }
haystacks.each { name, bytes ->
    def latin = new String(bytes, 'ISO-8859-1')
    secrets.each { s -> assert !latin.contains(s) : "a secret leaked into the ${name}" }
}
// Layers are plain tars inside `docker save` on these engines; also look inside gzip-compressed ones.
new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(saved.newInputStream()).withCloseable { tin ->
    def e
    while ((e = tin.nextEntry) != null) {
        if (!e.directory) {
            def bytes = tin.readAllBytes()
            if (bytes.length > 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b) {
                bytes = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes()
            }
            def latin = new String(bytes, 'ISO-8859-1')
            secrets.each { s -> assert !latin.contains(s) : "a secret leaked into ${e.name}" }
        }
    }
}
saved.delete()
return true
