package io.github.pgimage.core.session;

import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.engine.EngineException;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Build secrets through a real {@link BuildSession} on the engine this machine provides: a setup
 * script reads one secret from a file and one from an environment variable, and the image keeps
 * only their hashes. Fails (never skips) when no engine answers.
 */
class BuildSessionSecretsIT {
    /** Reads both secrets as the plugin's setup steps do (bind-mounted script, secret mounts) and keeps their hashes. */
    private static final String SETUP_SCRIPT = """
            #!/bin/sh
            set -eu
            mkdir -p /proof
            sha256sum < /run/secrets/license | cut -d' ' -f1 > /proof/license.sha256
            sha256sum < /run/secrets/repo-token | cut -d' ' -f1 > /proof/repo-token.sha256
            # A careless script prints a secret: the engine streams it, the plugin's log must mask it.
            echo "using token $(cat /run/secrets/repo-token)"
            """;
    private static final String DOCKERFILE = """
            FROM debian:bookworm-slim
            RUN --mount=type=bind,source=setup/scripts/01-secrets.sh,target=/tmp/pgimage/01-secrets.sh \\
                --mount=type=secret,id=license,required=true \\
                --mount=type=secret,id=repo-token,required=true \\
                sh /tmp/pgimage/01-secrets.sh
            """;

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
    void setupScriptReadsSecretsFromFileAndEnvAndNoByteOfThemReachesTheImage() throws Exception {
        String license = "license-" + UUID.randomUUID();
        String token = "token-" + UUID.randomUUID();
        Path licenseFile = Files.writeString(work.resolve("license.txt"), license + "\n");
        SecretStore secrets = SecretStore.load(List.of(
                        SecretSource.file("license", licenseFile),
                        SecretSource.env("repo-token", "PGIMAGE_IT_REPO_TOKEN")),
                Map.of("PGIMAGE_IT_REPO_TOKEN", token)::get);
        String tag = "pgimage-session-it:secrets-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] context = SessionEngine.context(Map.of(
                "Dockerfile", DOCKERFILE, "setup/scripts/01-secrets.sh", SETUP_SCRIPT));

        LinesListener log = new LinesListener();
        BuildResult result;
        try (BuildSession session = BuildSession.open(engine.client, secrets, RegistryCredentials.none())) {
            result = engine.build(context, tag, session.id(), false, log);
            assertEquals(java.util.Set.of("license", "repo-token"), session.activity().secretsServed());
            assertTrue(unknownSecrets(session).isEmpty(), session.activity().secretsUnknown().toString());
        }
        try {
            assertNotNull(result.imageId());
            // The engine streamed the careless echo; the masker the Mojo applies removes the value.
            assertTrue(log.all().contains(token), "the step's output reaches the build log:\n" + log.all());
            SecretMasker masker = secrets.masker();
            String masked = masker.mask(log.all());
            assertFalse(masked.contains(token), masked);
            assertTrue(masked.contains("using token " + SecretMasker.MASK), masked);

            Path saved = work.resolve("image.tar");
            engine.docker("save", "-o", saved.toString(), tag);
            SavedImage image = SavedImage.scan(saved, List.of(
                    license.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8)));
            assertTrue(image.layers() >= 2, "the base layer and the setup step's layer were searched");
            assertEquals(List.of(), image.whereFound(0), "the file secret is in the saved image");
            assertEquals(List.of(), image.whereFound(1), "the env secret is in the saved image");

            // The script saw exactly the values: the file's bytes (with its newline) and the variable's.
            assertEquals(sha256(license + "\n"), text(image.file("proof/license.sha256")));
            assertEquals(sha256(token), text(image.file("proof/repo-token.sha256")));

            String history = engine.docker("history", "--no-trunc", "--format", "{{.CreatedBy}} {{.Comment}}", tag)
                    + engine.docker("image", "inspect", tag);
            assertFalse(history.contains(license), history);
            assertFalse(history.contains(token), history);
            assertTrue(history.contains("/run/secrets") || history.contains("01-secrets.sh"),
                    "the history shows the step, so it was searched:\n" + history);
        } finally {
            engine.removeImage(tag);
        }
    }

    @Test
    void aMissingSecretFailsBeforeTheSessionOrTheBuildStarts() throws Exception {
        Path absent = work.resolve("no-such-license.txt");
        MissingSecretException file = assertThrows(MissingSecretException.class, () -> SecretStore.load(
                List.of(SecretSource.file("license", absent)), Map.<String, String>of()::get));
        assertEquals("license", file.secretId());
        assertTrue(file.getMessage().contains("'license'") && file.getMessage().contains(absent.toString()),
                file.getMessage());

        MissingSecretException env = assertThrows(MissingSecretException.class, () -> SecretStore.load(
                List.of(SecretSource.env("repo-token", "PGIMAGE_IT_UNSET_TOKEN")), Map.<String, String>of()::get));
        assertTrue(env.getMessage().contains("'repo-token'") && env.getMessage().contains("PGIMAGE_IT_UNSET_TOKEN"),
                env.getMessage());
    }

    @Test
    void aStepThatMountsASecretTheSessionDoesNotHoldFailsNamingIt() throws Exception {
        SecretStore secrets = SecretStore.load(List.of(SecretSource.env("license", "L")), Map.of("L", "x-" + UUID.randomUUID())::get);
        String tag = "pgimage-session-it:undeclared-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] context = SessionEngine.context(Map.of("Dockerfile", """
                FROM debian:bookworm-slim
                RUN --mount=type=secret,id=not-declared,required=true cat /run/secrets/not-declared
                """));
        try (BuildSession session = BuildSession.open(engine.client, secrets, RegistryCredentials.none())) {
            BuildFailedException failure = assertThrows(BuildFailedException.class,
                    () -> engine.build(context, tag, session.id(), false, new LinesListener()));
            assertTrue(failure.getMessage().contains("not-declared"), failure.getMessage());
            assertEquals(java.util.Set.of("not-declared"), unknownSecrets(session));
            assertTrue(session.isOpen(), "a refused secret does not end the session");
        } finally {
            engine.removeImage(tag);
        }
    }

    @Test
    void closingTheSessionEndsItOnTheEngine() throws Exception {
        SecretStore secrets = SecretStore.load(List.of(SecretSource.env("license", "L")), Map.of("L", "x-" + UUID.randomUUID())::get);
        String tag = "pgimage-session-it:closed-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] context = SessionEngine.context(Map.of("Dockerfile", """
                FROM debian:bookworm-slim
                RUN --mount=type=secret,id=license,required=true test -s /run/secrets/license
                """));
        BuildSession session = BuildSession.open(engine.client, secrets, RegistryCredentials.none());
        assertTrue(session.isOpen());
        session.close();
        assertFalse(session.isOpen());
        try {
            // The engine no longer knows the id: a build linked to it cannot get the secret.
            assertThrows(EngineException.class, () -> engine.build(context, tag, session.id(), false, new LinesListener()));
        } finally {
            engine.removeImage(tag);
        }
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(byte[] bytes) {
        assertNotNull(bytes, "the proof file is in a layer");
        return new String(bytes, StandardCharsets.UTF_8).strip();
    }

    /**
     * Secrets the engine asked for that the session does not hold, without BuildKit's own probes: since v0.13 it asks
     * every session for {@code HTTP_AUTH_TOKEN_…}/{@code HTTP_AUTH_HEADER_…} of the HTTP source that carries a
     * {@code /build} context tar, and goes on without them.
     */
    private static java.util.Set<String> unknownSecrets(BuildSession session) {
        return session.activity().secretsUnknown().stream().filter(id -> !id.startsWith("HTTP_AUTH_"))
                .collect(java.util.stream.Collectors.toSet());
    }
}
