package io.github.pgimage.core.session;

import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.imagebuild.ImageBuild;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.registry.RegistryLogins;
import io.github.pgimage.core.registry.SettingsServers;
import io.github.pgimage.core.registry.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session's services through BuildKit's gRPC API ({@code builder=grpc}, the whole plugin build): secrets from a
 * file and from the environment, and a base image pulled from an htpasswd registry with a login served over the
 * session. Fails (never skips) when no engine answers.
 */
class GrpcSessionIT {
    private static final String USER = "pgimage";
    private static SessionEngine engine;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() throws EngineException {
        engine = SessionEngine.connect();
    }

    @AfterAll
    static void disconnect() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void secretsFromFileAndEnvReachTheStepAndNothingElse() throws Exception {
        String license = "license-" + UUID.randomUUID();
        String token = "token-" + UUID.randomUUID();
        Path licenseFile = Files.writeString(work.resolve("license.txt"), license + "\n");
        SecretStore secrets = SecretStore.load(List.of(SecretSource.file("license", licenseFile),
                SecretSource.env("repo_token", "PGIMAGE_IT_REPO_TOKEN")), Map.of("PGIMAGE_IT_REPO_TOKEN", token)::get);
        Path project = project("""
                #!/bin/sh
                set -eu
                mkdir -p /proof
                sha256sum < /run/secrets/license | cut -d' ' -f1 > /proof/license.sha256
                sha256sum < /run/secrets/repo_token | cut -d' ' -f1 > /proof/repo-token.sha256
                # A careless script prints a secret: BuildKit streams it, the plugin's log masks it.
                echo "using token $(cat /run/secrets/repo_token) %s"
                """.formatted(UUID.randomUUID()), "debian:bookworm-slim");
        String tag = "pgimage-session-it:grpc-secrets-" + UUID.randomUUID().toString().substring(0, 8);
        LinesListener log = new LinesListener();
        try {
            ImageBuild.Outcome outcome = build(project, tag, secrets, RegistryCredentials.none(), List.of("license", "repo_token"), log);
            assertEquals(BuilderInfo.Api.GRPC, outcome.builder().api());
            assertTrue(log.all().contains(token), "the step's output reaches the build log:\n" + log.all());
            String masked = secrets.masker().mask(log.all());
            assertFalse(masked.contains(token), masked);

            Path saved = work.resolve("image.tar");
            engine.docker("save", "-o", saved.toString(), tag);
            SavedImage image = SavedImage.scan(saved, List.of(license.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8)));
            assertEquals(List.of(), image.whereFound(0), "the file secret is in the saved image");
            assertEquals(List.of(), image.whereFound(1), "the env secret is in the saved image");
            assertEquals(sha256(license + "\n"), new String(image.file("proof/license.sha256"), StandardCharsets.UTF_8).strip());
            assertEquals(sha256(token), new String(image.file("proof/repo-token.sha256"), StandardCharsets.UTF_8).strip());

            String history = engine.docker("history", "--no-trunc", "--format", "{{.CreatedBy}} {{.Comment}}", tag)
                    + engine.docker("image", "inspect", tag);
            assertFalse(history.contains(license) || history.contains(token), history);
            assertTrue(history.contains("01-setup.sh"), "the history shows the step, so it was searched:\n" + history);
            String report = Files.readString(work.resolve("out/build-report.json"));
            assertFalse(report.contains(license) || report.contains(token), report);
        } finally {
            engine.removeImage(tag);
        }
    }

    @Test
    void aPrivateBaseImageIsPulledWithTheLoginServedOverTheSession() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        String marker = "base-" + UUID.randomUUID();
        Files.createDirectories(work.resolve("registry"));
        try (TestRegistry registry = TestRegistry.start(work.resolve("registry"), USER, password)) {
            String base = registry.host() + "/pgimage-grpc-base:" + marker.substring(5, 13);
            String tag = "pgimage-session-it:grpc-registry-" + marker.substring(5, 13);
            try {
                engine.build(SessionEngine.context(Map.of("Dockerfile", """
                        FROM debian:bookworm-slim
                        RUN echo %s > /base-marker
                        """.formatted(marker))), base, null, false, ProgressListener.SILENT);
                Path cliConfig = Files.createDirectories(work.resolve("docker-config"));
                engine.dockerWithInput(password, "--config", cliConfig.toString(), "login", registry.host(),
                        "--username", USER, "--password-stdin");
                engine.docker("--config", cliConfig.toString(), "push", base);
                engine.docker("rmi", base);
                assertFalse(engine.client.imageId(base).isPresent(), "the base image is gone from the engine");
                Path project = project("#!/bin/sh\nset -eu\ntest \"$(cat /base-marker)\" = " + marker
                        + "\necho from-private-base > /proof\n", base);

                BuildFailedException refused = assertThrows(BuildFailedException.class, () -> build(project, tag,
                        SecretStore.empty(), RegistryCredentials.none(), List.of(), new LinesListener()));
                String reason = refused.getMessage().toLowerCase(java.util.Locale.ROOT);
                assertTrue(reason.contains("auth") || reason.contains("401"), refused.getMessage());

                // as settings.xml's <server> entries reach the build
                RegistryCredentials logins = new RegistryLogins(
                        List.of(new SettingsServers().add("http://" + registry.host(), USER, password)));
                LinesListener log = new LinesListener();
                ImageBuild.Outcome outcome = build(project, tag, SecretStore.empty(), logins, List.of(), log);
                Path saved = work.resolve("image.tar");
                engine.docker("save", "-o", saved.toString(), outcome.result().imageId());
                SavedImage image = SavedImage.scan(saved, List.of(password.getBytes(StandardCharsets.UTF_8)));
                assertEquals("from-private-base", new String(image.file("proof"), StandardCharsets.UTF_8).strip());
                assertEquals(List.of(), image.whereFound(0), "the registry password is in the image");
                assertFalse(log.all().contains(password), "the registry password is in the build log");
            } finally {
                engine.removeImage(tag);
                engine.removeImage(base);
            }
        }
    }

    /** The base image of the project {@link #project} made last. */
    private String baseImage;

    private Path project(String setupScript, String baseImage) throws Exception {
        this.baseImage = baseImage;
        Path root = work.resolve("project");
        Path script = root.resolve("setup/scripts/01-setup.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, setupScript);
        Path runtime = root.resolve("entrypoint.d/scripts/10-hello.sh");
        Files.createDirectories(runtime.getParent());
        Files.writeString(runtime, "#!/bin/sh\necho hello\n");
        return root;
    }

    private ImageBuild.Outcome build(Path project, String tag, SecretStore secrets, RegistryCredentials logins,
                                     List<String> secretIds, ProgressListener listener) throws Exception {
        ImagePlan plan = new ImagePlanner().plan(project, ImageSettings.builder().baseImage(baseImage).runAsUser("root")
                .aptCache(false).secretIds(secretIds).build());
        return ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse(tag)))
                .environment(Map.of())
                .secrets(secrets)
                .logins(logins)
                .builder(BuilderSetting.parse("grpc", null))
                .build()
                .run(plan, listener);
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
