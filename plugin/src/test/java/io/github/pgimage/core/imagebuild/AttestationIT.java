package io.github.pgimage.core.imagebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.Attestations;
import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.ImageBuilder;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.registry.TestRegistry;
import io.github.pgimage.core.session.RegistryCredentials;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Attestations in what BuildKit pushes, read back from the registry the way a verifier does: the index, its
 * attestation manifest, the in-toto statement. Provenance {@code max} names the build's inputs; {@code false} pushes
 * none; an SBOM comes from a scanner image the test builds (it follows BuildKit's scanner protocol and reports a
 * version the setup script wrote, so the SBOM can only come from scanning this image). Engine C with the containerd
 * image store only (the classic store keeps no attestations: ImageBuild refuses them there).
 */
class AttestationIT {
    private static final String USER = "release";
    private static final String PASSWORD = "attest-s3cret";
    private static final String ATTESTATION = "attestation-manifest";

    private static EngineGateway engine;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @BeforeAll
    static void connect() throws EngineException {
        engine = EngineGateway.connect(EngineLocator.forThisProcess().locate(null));
        assumeTrue(engine.containerdImageStore(), "attestations need the containerd image store");
    }

    @AfterAll
    static void disconnect() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void provenanceMaxPushesAnSlsaStatementThatNamesTheBuildsInputsAndFalsePushesNone() throws Exception {
        try (TestRegistry registry = TestRegistry.start(work.resolve("registry"), USER, PASSWORD)) {
            String repository = "pgimage-it/s14-attested";
            build(registry, repository + ":max", Attestations.parse("max", null), UUID.randomUUID().toString());

            JsonNode index = JSON.readTree(registry.manifest(repository, "max", USER, PASSWORD).json());
            List<JsonNode> attestations = attestationManifests(index);
            assertEquals(1, attestations.size(), index.toString());
            JsonNode image = manifests(index).stream().filter(m -> !isAttestation(m)).findFirst().orElseThrow();
            // the attestation manifest says which image it is about
            assertEquals(image.get("digest").asText(),
                    attestations.get(0).at("/annotations/vnd.docker.reference.digest").asText(), index.toString());
            JsonNode statement = statement(registry, repository, attestations.get(0), "https://slsa.dev/provenance/");
            assertTrue(statement.get("predicateType").asText().startsWith("https://slsa.dev/provenance/"), statement.toString());
            String provenance = statement.get("predicate").toString();
            assertTrue(provenance.contains("debian:bookworm-slim"), "the base image is an input: " + provenance);
            assertTrue(provenance.contains("dockerfile.v0"), "the frontend that built it: " + provenance);
            assertTrue(provenance.contains("01-base.sh"), "max: the build's steps, with the setup script: " + provenance);

            build(registry, repository + ":none", Attestations.parse("false", null), UUID.randomUUID().toString());
            JsonNode plain = JSON.readTree(registry.manifest(repository, "none", USER, PASSWORD).json());
            assertEquals(List.of(), attestationManifests(plain), plain.toString());
            assertFalse(plain.toString().contains("unknown"), "no unknown/unknown entry: " + plain);
        }
    }

    @Test
    void anSbomComesFromTheScannerImageTheUserNames() throws Exception {
        String scanner = "pgimage-it/s14-scanner:1";
        buildScanner(scanner);
        try (TestRegistry registry = TestRegistry.start(work.resolve("registry"), USER, PASSWORD)) {
            String repository = "pgimage-it/s14-sbom";
            String version = UUID.randomUUID().toString();
            ImageBuild.Outcome outcome = build(registry, repository + ":1", Attestations.parse("false", scanner), version);

            JsonNode index = JSON.readTree(registry.manifest(repository, "1", USER, PASSWORD).json());
            JsonNode statement = statement(registry, repository, attestationManifests(index).get(0), "https://spdx.dev/Document");
            assertEquals("https://spdx.dev/Document", statement.get("predicateType").asText());
            assertEquals(version, statement.at("/predicate/packages/0/versionInfo").asText(), statement.toString());
            assertEquals(scanner, outcome.built().attested().sbom());
            JsonNode report = JSON.readTree(work.resolve("out/build-report.json").toFile());
            assertEquals(scanner, report.at("/attestations/sbom").asText(), report.toString());
        } finally {
            engine.removeImage(scanner);
        }
    }

    @Test
    void aScannerTheEngineDoesNotHaveIsRefusedBeforeTheBuild() throws Exception {
        List<String> lines = new ArrayList<>();
        EngineException e = assertThrows(EngineException.class, () -> ImageBuild.builder(work.resolve("out"),
                        List.of(ImageReference.parse("pgimage-it/s14-no-scanner:1")))
                .environment(Map.of())
                .builder(BuilderSetting.parse("grpc", null))
                .attestations(Attestations.parse(null, "true"))
                .build()
                .run(new ImagePlanner().plan(project(UUID.randomUUID().toString()),
                        ImageSettings.builder().runAsUser("root").aptCache(false).build()), new LinesListener(lines)));

        assertEquals(Optional.of(Setting.SBOM), e.setting());
        assertTrue(e.getMessage().contains("BuildKit's default scanner image " + Attestations.DEFAULT_SCANNER), e.getMessage());
        assertTrue(e.getMessage().contains("docker pull"), e.getMessage());
        assertFalse(lines.stream().anyMatch(line -> line.contains("RUN")), "nothing was built: " + lines);
    }

    private ImageBuild.Outcome build(TestRegistry registry, String reference, Attestations attestations, String version)
            throws Exception {
        RegistryCredentials logins = registry.logins(USER, PASSWORD);
        return ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse(registry.host() + "/" + reference)))
                .environment(Map.of())
                .builder(BuilderSetting.parse("grpc", null))
                .logins(logins)
                .push(true)
                .attestations(attestations)
                .build()
                .run(new ImagePlanner().plan(project(version), ImageSettings.builder().runAsUser("root").aptCache(false).build()),
                        new LinesListener(new ArrayList<>()));
    }

    /** One setup script that writes {@code version} where the scanner looks, one runtime script. */
    private Path project(String version) throws IOException {
        Path root = work.resolve("project-" + version);
        write(root, "setup/scripts/01-base.sh", "#!/bin/sh\nset -e\nmkdir -p /opt/app\necho '" + version + "' > /opt/app/version\n");
        write(root, "entrypoint.d/scripts/10-hello.sh", "#!/bin/sh\necho hello\n");
        return root;
    }

    /**
     * A scanner that follows BuildKit's SBOM protocol: it reads the image's file system at BUILDKIT_SCAN_SOURCE and
     * writes one SPDX document, named after that folder, into BUILDKIT_SCAN_DESTINATION. BuildKit reads each file
     * there as an in-toto statement with the SPDX predicate type (as docker/buildkit-syft-scanner writes them).
     */
    private static void buildScanner(String tag) throws Exception {
        String script = """
                #!/bin/sh
                set -eu
                name="$(basename "$BUILDKIT_SCAN_SOURCE")"
                version="$(cat "$BUILDKIT_SCAN_SOURCE/opt/app/version")"
                cat > "$BUILDKIT_SCAN_DESTINATION/$name.spdx.json" <<JSON
                {"_type": "https://in-toto.io/Statement/v0.1", "predicateType": "https://spdx.dev/Document",
                 "subject": [],
                 "predicate": {"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
                   "name": "$name", "documentNamespace": "https://pgimage.invalid/it/$version",
                   "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: pgimage-it-scanner"]},
                   "packages": [{"name": "pgimage-it-app", "SPDXID": "SPDXRef-Package-app", "versionInfo": "$version",
                                 "downloadLocation": "NOASSERTION"}]}}
                JSON
                """;
        String dockerfile = "FROM debian:bookworm-slim\nCOPY scan.sh /scan.sh\nENTRYPOINT [\"/scan.sh\"]\n";
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            add(out, "Dockerfile", dockerfile, 0100644);
            add(out, "scan.sh", script, 0100755);
        }
        byte[] context = tar.toByteArray();
        new ImageBuilder(engine, ProgressListener.SILENT)
                .build(BuildRequest.builder(() -> new ByteArrayInputStream(context)).tag(tag).build());
    }

    private static void add(TarArchiveOutputStream out, String name, String text, int mode) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(mode);
        entry.setSize(bytes.length);
        out.putArchiveEntry(entry);
        out.write(bytes);
        out.closeArchiveEntry();
    }

    private static List<JsonNode> manifests(JsonNode index) {
        return index.has("manifests") ? StreamSupport.stream(index.get("manifests").spliterator(), false).toList() : List.of();
    }

    private static boolean isAttestation(JsonNode manifest) {
        return ATTESTATION.equals(manifest.at("/annotations/vnd.docker.reference.type").asText());
    }

    private static List<JsonNode> attestationManifests(JsonNode index) {
        return manifests(index).stream().filter(AttestationIT::isAttestation).toList();
    }

    /** The in-toto statement of the attestation manifest's layer whose predicate type starts with {@code type}. */
    private static JsonNode statement(TestRegistry registry, String repository, JsonNode attestation, String type)
            throws IOException {
        JsonNode manifest = JSON.readTree(registry.manifest(repository, attestation.get("digest").asText(), USER, PASSWORD)
                .json());
        JsonNode layer = StreamSupport.stream(manifest.get("layers").spliterator(), false)
                .filter(l -> l.at("/annotations/in-toto.io~1predicate-type").asText().startsWith(type))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " layer in " + manifest));
        assertEquals("application/vnd.in-toto+json", layer.get("mediaType").asText(), manifest.toString());
        return JSON.readTree(registry.blob(repository, layer.get("digest").asText(), USER, PASSWORD));
    }

    private static void write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        file.toFile().setExecutable(true);
    }
}
