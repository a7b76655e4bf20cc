package io.github.pgimage.core.session;

import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.registry.RegistryLogins;
import io.github.pgimage.core.registry.SettingsServers;
import io.github.pgimage.core.registry.TestRegistry;

import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A base image that exists only in a local htpasswd-protected registry is pulled during the build
 * with the login served over the session; without it the pull is refused.
 */
class BuildSessionRegistryIT {
    private static final String USER = "pgimage";

    @TempDir
    Path work;

    @Test
    void privateBaseImageIsPulledWithCredentialsServedOverTheSession() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        String marker = "base-" + UUID.randomUUID();
        Files.createDirectories(work.resolve("registry"));
        try (TestRegistry registry = TestRegistry.start(work.resolve("registry"), USER, password);
             SessionEngine engine = SessionEngine.connect()) {
            String base = registry.host() + "/pgimage-session-base:" + marker.substring(5, 13);
            String tag = "pgimage-session-it:registry-" + marker.substring(5, 13);
            try {
                // A base image with a layer of its own, so the build cannot find it anywhere but in the registry.
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

                byte[] context = SessionEngine.context(Map.of("Dockerfile", """
                        FROM %s
                        RUN test "$(cat /base-marker)" = %s && echo from-private-base > /proof
                        """.formatted(base, marker)));

                // Without a login the registry refuses the pull: the credentials below are what makes it work.
                try (BuildSession anonymous = BuildSession.open(engine.client, SecretStore.empty(), RegistryCredentials.none())) {
                    BuildFailedException refused = assertThrows(BuildFailedException.class,
                            () -> engine.build(context, tag, anonymous.id(), true, ProgressListener.SILENT));
                    String reason = refused.getMessage().toLowerCase(java.util.Locale.ROOT);
                    assertTrue(reason.contains("auth") || reason.contains("401"), refused.getMessage());
                    assertTrue(anonymous.activity().credentialsAsked().contains(registry.host()),
                            "the engine asked the session for a login: " + anonymous.activity().credentialsAsked());
                }

                RegistryCredentials logins = new RegistryLogins(
                        List.of(new SettingsServers().add("http://" + registry.host(), USER, password)));
                LinesListener log = new LinesListener();
                try (BuildSession session = BuildSession.open(engine.client, SecretStore.empty(), logins)) {
                    BuildResult result = engine.build(context, tag, session.id(), true, log);
                    assertEquals(Set.of(registry.host()), session.activity().credentialsServed());
                    Path saved = work.resolve("image.tar");
                    engine.docker("save", "-o", saved.toString(), result.imageId());
                    SavedImage image = SavedImage.scan(saved, List.of(password.getBytes(StandardCharsets.UTF_8)));
                    assertEquals("from-private-base", new String(image.file("proof"), StandardCharsets.UTF_8).strip());
                    assertEquals(List.of(), image.whereFound(0), "the registry password is in the image");
                    assertFalse(log.all().contains(password), "the registry password is in the build log");
                }
            } finally {
                engine.removeImage(tag);
                engine.removeImage(base);
            }
        }
    }
}
