package io.github.pgimage.core.session;

import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.buildkit.BuildResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A setup step with a secret mount that works for three minutes, then a step that asks the session
 * for the secret again: the session must stay alive all along, answering the engine's health checks
 * (every second on Engine 20.10, which drops the session on the first failure; every few seconds on
 * newer engines). Slow on purpose; its own class so that it can be selected or left out, and it runs beside
 * the other engine tests (it mostly waits), which run one after the other.
 *
 * <p>Its long build starts from a base of its own, made by a short build first: a long build that is the first to
 * take debian:bookworm-slim on a new engine would make every build beside it from that base rerun all its steps on
 * engines before Docker 29.7 (moby/buildkit#4674; FreshEngineCacheIT).
 */
@Execution(ExecutionMode.CONCURRENT)
class BuildSessionKeepAliveIT {
    private static final int STEP_SECONDS = 180;

    @TempDir
    Path work;

    @Test
    void sessionOutlivesAThreeMinuteStepWithASecretMount() throws Exception {
        String token = "keepalive-" + UUID.randomUUID();
        SecretStore secrets = SecretStore.load(List.of(SecretSource.env("token", "PGIMAGE_IT_TOKEN")),
                Map.of("PGIMAGE_IT_TOKEN", token)::get);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tag = "pgimage-session-it:keepalive-" + run;
        String base = "pgimage-session-it:keepalive-base-" + run;
        byte[] baseContext = SessionEngine.context(Map.of("Dockerfile", """
                FROM debian:bookworm-slim
                RUN echo %s > /keepalive-base
                """.formatted(run)));
        byte[] context = SessionEngine.context(Map.of("Dockerfile", """
                FROM %s
                RUN --mount=type=secret,id=token,required=true \\
                    sleep %d && mkdir -p /proof && sha256sum < /run/secrets/token | cut -d' ' -f1 > /proof/during.sha256
                RUN --mount=type=secret,id=token,required=true \\
                    sha256sum < /run/secrets/token | cut -d' ' -f1 > /proof/after.sha256
                """.formatted(base, STEP_SECONDS)));

        try (SessionEngine engine = SessionEngine.connect();
             BuildSession session = BuildSession.open(engine.client, secrets, RegistryCredentials.none())) {
            try {
                engine.build(baseContext, base, session.id(), false, new LinesListener());
                long started = System.nanoTime();
                BuildResult result = engine.build(context, tag, session.id(), false, new LinesListener());
                long seconds = (System.nanoTime() - started) / 1_000_000_000L;
                assertTrue(seconds >= STEP_SECONDS, "the long step ran (" + seconds + " s)");
                assertTrue(session.isOpen(), "session ended: " + session.endedBy().orElse(null));
                // At least one check every 6 s all along: the session was alive and checked, not merely left alone.
                long checks = session.activity().healthChecks();
                assertTrue(checks >= STEP_SECONDS / 6, checks + " health checks in " + seconds + " s");

                Path saved = work.resolve("image.tar");
                engine.docker("save", "-o", saved.toString(), result.imageId());
                SavedImage image = SavedImage.scan(saved, List.of(token.getBytes(StandardCharsets.UTF_8)));
                assertEquals(List.of(), image.whereFound(0));
                String expected = sha256(token);
                assertEquals(expected, text(image.file("proof/during.sha256")));
                assertEquals(expected, text(image.file("proof/after.sha256")),
                        "the step after the long one got the secret from the same session");
            } finally {
                engine.removeImage(tag);
                engine.removeImage(base);
            }
        }
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(byte[] bytes) {
        assertTrue(bytes != null, "the proof file is in a layer");
        return new String(bytes, StandardCharsets.UTF_8).strip();
    }
}
