// The plugin jar as a user's Maven loads it (from the invoker's repository, resolved like any plugin): LICENSE and
// NOTICE inside; no library classes inside (the libraries are the POM's dependencies); and its SBOM, also inside,
// names every jar Maven put in the plugin's class realm, at the version Maven loaded.
import java.util.zip.ZipFile
import io.github.pgimage.core.json.JsonTree

def lines = new File(basedir, 'build.log').readLines()
def start = lines.findIndexOf {
    it.contains('Populating class realm plugin>io.github.pgimage:postgres-image-maven-plugin:')
}
assert start >= 0 : 'no class realm of the plugin in the -X log'
// group:artifact:type:version, the plugin's own jar first
def realm = lines.drop(start + 1).takeWhile { it =~ /^\[DEBUG\]\s+Included: / }
    .collect { (it =~ /Included: (\S+)/)[0][1] }
assert realm && realm[0].startsWith('io.github.pgimage:postgres-image-maven-plugin:jar:') : realm
def version = realm[0].split(':')[3]
def folder = new File(localRepositoryPath, "io/github/pgimage/postgres-image-maven-plugin/${version}")
def jarFile = new File(folder, "postgres-image-maven-plugin-${version}.jar")

def sbomName = 'META-INF/sbom/postgres-image-maven-plugin.cdx.json'
byte[] sbomBytes
new ZipFile(jarFile).withCloseable { jar ->
    def text = { name ->
        def e = jar.getEntry(name)
        assert e : "${name} is missing from ${jarFile}"
        jar.getInputStream(e).text
    }
    def license = text('META-INF/LICENSE')
    ['Apache License', 'Version 2.0', 'END OF TERMS AND CONDITIONS'].each {
        assert license.contains(it) : "META-INF/LICENSE is not the Apache License 2.0's text"
    }
    def notice = text('META-INF/NOTICE')
    ['moby/buildkit', 'containerd/containerd', 'tonistiigi/fsutil'].each {
        assert notice.contains(it) : "NOTICE credits no ${it}"
    }
    def foreign = jar.entries().toList()*.name.findAll { it.endsWith('.class') && !it.startsWith('io/github/pgimage/') }
    assert !foreign : "the jar bundles library classes (a shaded library must be listed in the SBOM and its NOTICE " +
        "kept): ${foreign.take(5)}"
    def e = jar.getEntry(sbomName)
    assert e : "${sbomName} is missing from ${jarFile}"
    sbomBytes = jar.getInputStream(e).bytes
}

def sbom = JsonTree.parse(sbomBytes)
assert sbom.bomFormat == 'CycloneDX'
assert sbom.metadata.component.purl ==
    "pkg:maven/io.github.pgimage/postgres-image-maven-plugin@${version}?type=maven-plugin"
def listed = sbom.components.collect { "${it.group}:${it.name}:${it.version}".toString() } as Set
def missing = realm.drop(1)
    .collect { def p = it.split(':'); "${p[0]}:${p[1]}:${p[3]}".toString() }
    .findAll { !(it in listed) }
assert !missing :
    "Maven loads these with the plugin, and the plugin's SBOM does not list them (at that version): ${missing}"

// the same SBOM is attached to the build (classifier cyclonedx) and installed beside the jar
def attached = new File(folder, "postgres-image-maven-plugin-${version}-cyclonedx.json")
assert attached.bytes == sbomBytes : "${attached} differs from the jar's ${sbomName}"
println "plugin-jar-sbom: ${realm.size() - 1} libraries in the realm, each in the SBOM (${listed.size()} components)"
return true
