import io.github.pgimage.core.registry.TestRegistry

try {
    def host = new File(basedir, 'registry.host').text.trim()
    def wrong = new File(basedir, 'wrong.password').text.trim()
    def image = "${host}/pgimage-it/push-auth-failures:1.0"
    def log = new File(basedir, 'build.log').text

    // 1: the wrong password, named by where it came from
    assert log.contains("The registry ${host} refused the login for ${image} (user 'pgimage-it' from settings.xml server '${host}'):"
            + " unauthorized: authentication required. Fix the credentials in settings.xml server '${host}'.")
    // 2: no login: every place looked at, and how to add one
    assert log.contains("The registry ${host} requires a login to push ${image} (no basic auth credentials), and none was found."
            + " Looked in, in order:")
    assert log.contains("  - settings.xml: no <server> with id '${host}'")
    assert log.contains("docker-config/config.json auths: no entry for ${host}")
    assert log.contains("names none for ${host} (no credHelpers entry, no credsStore)")
    assert log.contains("a <server> in ~/.m2/settings.xml with <id>${host}</id>")
    assert log.contains("`docker login ${host}`")

    assert !log.contains('retrying in') : 'auth errors are not retried'
    assert !log.contains(wrong) : 'the password must never be logged'
    assert !new File(basedir, 'target/postgres-image/image.digest').exists()
} finally {
    def hostFile = new File(basedir, 'registry.host')
    TestRegistry.stopAndRemoveTags(new File(basedir, 'registry').toPath(), hostFile.exists() ? hostFile.text : null)
}
return true
