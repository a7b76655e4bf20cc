package io.github.pgimage.core.imagebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.session.RegistryCredentials;
import io.github.pgimage.core.session.SecretSource;
import io.github.pgimage.core.session.SecretStore;
import io.github.pgimage.core.session.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code builder=tcp://…} with mutual TLS: a standalone BuildKit endpoint ({@link BuildKitRelay}, the engine's own
 * BuildKit as plain gRPC, no {@code /session}); the session, secrets included, rides inside {@code Control/Session}.
 */
class StandaloneBuildKitIT {

    @TempDir
    Path work;

    @Test
    void buildsThroughAStandaloneEndpointWithSecretsInsideControlSession() throws Exception {
        EngineEndpoint engine = EngineLocator.forThisProcess().locate(null);
        TestCertificates certs = TestCertificates.make(Files.createDirectories(work.resolve("certs")));
        String token = "token-" + UUID.randomUUID();
        String license = "license-" + UUID.randomUUID();
        Path licenseFile = Files.writeString(work.resolve("license.key"), license);
        Path project = project(sha256(token), sha256(license));
        String tag = "pgimage-it/i12grpc-standalone:latest";
        List<String> lines = new ArrayList<>();

        try (BuildKitRelay relay = BuildKitRelay.start(Path.of(engine.host().getPath()), certs.serverP12(), certs.ca());
             EngineGateway client = EngineGateway.connect(engine)) {
            String address = "tcp://127.0.0.1:" + relay.port();
            SecretStore secrets = SecretStore.load(List.of(SecretSource.env("repo_token", "REPO_TOKEN"),
                    SecretSource.file("license", licenseFile)), Map.of("REPO_TOKEN", token)::get);
            ImageBuild.Outcome outcome = build(project, tag, secrets, BuilderSetting.parse(address, certs.pkcs8()), lines);

            assertTrue(relay.connections() >= 1, "the build went through the relay");
            assertEquals(BuilderInfo.Api.GRPC, outcome.builder().api());
            assertEquals(address, outcome.builder().via());
            assertEquals(Optional.of(outcome.result().imageId()), client.imageId(tag));
            JsonNode report = new ObjectMapper().readTree(work.resolve("out/build-report.json").toFile());
            assertEquals(address, report.at("/builder/via").asText());
            String everything = String.join("\n", lines) + Files.readString(work.resolve("out/build-report.json"));
            assertFalse(everything.contains(token) || everything.contains(license), "a secret reached the log or report");
        }
    }

    @Test
    void aClientWhoseCaDoesNotKnowTheDaemonIsToldWhichAddressAndFolderFailed() throws Exception {
        EngineEndpoint engine = EngineLocator.forThisProcess().locate(null);
        TestCertificates certs = TestCertificates.make(Files.createDirectories(work.resolve("certs")));
        try (BuildKitRelay relay = BuildKitRelay.start(Path.of(engine.host().getPath()), certs.serverP12(), certs.ca())) {
            String address = "tcp://127.0.0.1:" + relay.port();
            EngineException e = assertThrows(EngineException.class, () -> build(project("x", "y"), "pgimage-it/i12grpc-refused:latest",
                    SecretStore.load(List.of()), BuilderSetting.parse(address, certs.otherCa()), new ArrayList<>()));
            assertTrue(e.getMessage().contains(address), e.getMessage());
            assertEquals(0, relay.connections());
        }
    }

    /** One setup step that proves it read both secrets (by their hashes) and a runtime script. */
    private Path project(String tokenHash, String licenseHash) throws Exception {
        Path root = work.resolve("project");
        write(root, "setup/scripts/01-secrets.sh", "#!/bin/sh\nset -eu\n"
                + "test \"$(sha256sum < /run/secrets/repo_token | cut -c1-64)\" = " + tokenHash + "\n"
                + "test \"$(sha256sum < /run/secrets/license | cut -c1-64)\" = " + licenseHash + "\n"
                + "echo \"secrets checked " + UUID.randomUUID() + "\"\n");
        write(root, "entrypoint.d/scripts/10-hello.sh", "#!/bin/sh\necho hello\n");
        return root;
    }

    private static void write(Path root, String path, String text) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        file.toFile().setExecutable(true);
    }

    private ImageBuild.Outcome build(Path project, String tag, SecretStore secrets, BuilderSetting builder,
                                     List<String> lines) throws Exception {
        ImagePlan plan = new ImagePlanner().plan(project, ImageSettings.builder().runAsUser("root").aptCache(false)
                .secretIds(List.of("repo_token", "license")).build());
        ProgressListener listener = new LinesListener(lines);
        return ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse(tag)))
                .environment(Map.of())
                .secrets(secrets)
                .builder(builder)
                .build()
                .run(plan, listener);
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
