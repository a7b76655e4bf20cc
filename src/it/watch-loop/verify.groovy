// Drives `mvn postgres-image:watch` in a child Maven process, as a developer would: edit, see, break, Ctrl-C.
import io.github.pgimage.maven.ChildMaven

def child = ChildMaven.start(basedir, localRepositoryPath.toString(), new File(basedir, 'watch.log'), 'postgres-image:watch')
def await = { String pattern, int from, int seconds ->
    def m = child.await(pattern, from, seconds)
    [text: m.text(), end: m.end(), groups: m.groups()]
}
def password = { new File(basedir, 'target/postgres-image/watch.password').text }
def sql = { String url, String query ->
    def props = new Properties()
    props.setProperty('user', 'app')
    props.setProperty('password', password())
    def connection = new org.postgresql.Driver().connect(url, props)
    try {
        def statement = connection.createStatement()
        if (!statement.execute(query)) {
            return null
        }
        def rs = statement.resultSet
        rs.next()
        return rs.getString(1)
    } finally {
        connection.close()
    }
}
def docker = { List<String> args ->
    def p = (['docker'] + args).execute()
    def text = p.text.trim()
    assert p.waitFor() == 0 : "docker ${args}: ${p.err.text}"
    text
}
def real = basedir.toPath().toRealPath().toString()
def hash = java.security.MessageDigest.getInstance('SHA-256').digest(real.getBytes('UTF-8')).encodeHex().toString().substring(0, 16)
def label = "io.github.pgimage.build=it.pgimage:watch-loop@${hash}"

try {
    // First build and start
    def first = await(/PostgreSQL answers at (jdbc:postgresql:\/\/\S+) as app/, 0, 600)
    def firstUrl = first.groups[1]
    await(/psql: PGPASSWORD=.* psql -h \S+ -p \d+ -U app postgres/, 0, 10)
    await(/Watching .* for edits/, 0, 30)
    assert sql(firstUrl, 'SHOW cluster_name') == 'v1'
    sql(firstUrl, 'CREATE TABLE kept_by_watch (x int)')
    await(/\[db\] runtime script: mark v1/, 0, 30) // the container's log is streamed
    def firstImage = docker(['image', 'inspect', '--format', '{{.Id}}', 'pgimage-it/watch-loop:1.0'])
    // watch's report is build's: with the inputs the next build (or round) compares with
    def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/postgres-image/build-report.json'))
    assert report.imageId == firstImage
    assert report.inputs['entrypoint.d/scripts/10-mark.sh'] ==~ /sha256:[0-9a-f]{64}/ : report.inputs

    // An edit of a runtime script: a new image, a new container that shows the edit
    def mark = new File(basedir, 'image/entrypoint.d/scripts/10-mark.sh')
    mark.text = mark.text.replace('v1', 'v2')
    def replaced = await(/Replaced: PostgreSQL answers at (jdbc:postgresql:\/\/\S+) as app/, first.end, 120)
    def secondUrl = replaced.groups[1]
    // the same port: a connection reopened after the edit (psql's \\c, an IDE's reconnect) finds the new container
    assert secondUrl == firstUrl
    assert sql(firstUrl, 'SHOW cluster_name') == 'v2'
    // the round's report has the edited file's new digest among its inputs, for the next build to compare with
    def edited = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/postgres-image/build-report.json'))
    assert edited.inputs['entrypoint.d/scripts/10-mark.sh'] == 'sha256:' + java.security.MessageDigest
            .getInstance('SHA-256').digest(mark.bytes).encodeHex()
    assert sql(secondUrl, 'SELECT count(*) FROM kept_by_watch') == '0' : 'the data volume outlived the first container'
    def secondImage = docker(['image', 'inspect', '--format', '{{.Id}}', 'pgimage-it/watch-loop:1.0'])
    assert secondImage != firstImage : 'the tag moved to the rebuilt image'
    await(/Edit to SQL answering: \d+\.\d s/, first.end, 10)
    // the report's page is refreshed by each build: it shows the rebuilt image, and both builds in the trend
    await(/Report: target\/postgres-image\/build-report\.html/, first.end, 10)
    def page = new File(basedir, 'target/postgres-image/build-report.html').text
    assert page.contains("title=\"${secondImage}\"") : page
    assert new File(basedir, 'target/postgres-image/history').listFiles().size() == 2

    // A broken script: the error is printed, the old container keeps answering
    // (a runtime fragment without a shebang is valid, it is sourced; Windows line endings are not)
    new File(basedir, 'image/entrypoint.d/scripts/20-broken.sh').text = '#!/bin/sh\r\necho "CRLF"\r\n'
    def broken = await(/entrypoint\.d\/scripts\/20-broken\.sh: has Windows \(CRLF\) line endings/, replaced.end, 60)
    await(/The container of the last good image keeps running; waiting for the next edit/, broken.end, 30)
    assert sql(secondUrl, 'SHOW cluster_name') == 'v2'
    assert docker(['ps', '-q', '--filter', "label=${label}"]).readLines().size() == 1

    // Ctrl-C: the JVM's shutdown hooks remove what watch created
    child.interrupt()
    child.waitFor(60)
    assert docker(['ps', '-aq', '--filter', "label=${label}"]) == ''
    assert docker(['volume', 'ls', '-q', '--filter', "label=${label}"]) == ''
    assert !child.output().contains(password()) : 'the password is never logged'
} finally {
    child.close()
    docker(['ps', '-aq', '--filter', "label=${label}"]).readLines().each { id -> docker(['rm', '-f', id]) }
}
return true
