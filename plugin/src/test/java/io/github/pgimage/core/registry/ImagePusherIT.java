package io.github.pgimage.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.github.pgimage.maven.ProgressText;
import io.github.pgimage.core.progress.ProgressEvent;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.ImageNotFoundException;
import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.ImageBuilder;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;

/** Pushes a tiny image through the real engine to a real local registry. */
class ImagePusherIT {
    private static final String USER = "pgimage-it";

    @TempDir
    Path work;

    private EngineGateway engine;
    private final List<String> tagged = new ArrayList<>();
    private final List<String> info = Collections.synchronizedList(new ArrayList<>());
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final List<String> debug = Collections.synchronizedList(new ArrayList<>());
    /** Counted down at the first layer's upload. */
    private final CountDownLatch uploading = new CountDownLatch(1);

    @BeforeEach
    void connect() throws Exception {
        engine = EngineGateway.connect(EngineLocator.forThisProcess().locate(null));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (String reference : tagged) {
            engine.removeImage(reference);
        }
        engine.close();
    }

    @Test
    void pushesEveryTagWithTheLoginAndReportsTheDigestTheRegistryServes() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        TestRegistry registry = TestRegistry.start(work.resolve("registry"), USER, password);
        try {
            String main = importImage(registry.host() + "/pgimage-push-it/app:1.0");
            String copy = tag(main, registry.host() + "/pgimage-push-it/copy:latest");
            RegistryLogins logins = new RegistryLogins(List.of(new SettingsServers().add(registry.host(), USER, password)));

            PushResult result = pusher(logins, RetryPolicy.DEFAULT).push(refs(main, copy));

            assertEquals(List.of(main, copy), result.images().stream().map(PushedImage::reference).toList());
            assertEquals(registry.manifestDigest("pgimage-push-it/app", "1.0", USER, password), result.digest());
            assertEquals(registry.manifestDigest("pgimage-push-it/copy", "latest", USER, password),
                    result.images().get(1).digest());
            assertTrue(info.contains("Pushing " + main + " as user '" + USER + "' from settings.xml server '"
                    + registry.host() + "'"), info.toString());
            if (!engine.version().isPodman()) {
                // Podman 4.3's push stream has no per-layer lines: only the repository and the closing digest
                assertTrue(info.stream().anyMatch(line -> line.matches("Layer [0-9a-f]{12}: pushed")), info.toString());
                assertTrue(info.stream().anyMatch(line -> line.matches("Layer [0-9a-f]{12}: (mounted from .*|already in the registry)")),
                        "the second repository reuses the layer: " + info);
            }
            assertFalse(String.join("\n", info).contains(password));
        } finally {
            registry.stop();
        }
    }

    @Test
    void aWrongPasswordFailsAtOnceNamingTheRegistryAndWhereTheLoginCameFrom() throws Exception {
        TestRegistry registry = TestRegistry.start(work.resolve("registry"), USER, "right");
        try {
            String image = importImage(registry.host() + "/pgimage-push-it/app:wrong");
            RegistryLogins logins = new RegistryLogins(List.of(new SettingsServers().add(registry.host(), USER, "wrong")));

            RegistryAuthException e = assertThrows(RegistryAuthException.class,
                    () -> pusher(logins, new RetryPolicy(3, Duration.ofSeconds(30))).push(refs(image)));

            // the engine's own words sit in the middle: Docker says just this, Podman names the blob it checked first
            assertTrue(e.getMessage().startsWith("The registry " + registry.host() + " refused the login for " + image
                    + " (user '" + USER + "' from settings.xml server '" + registry.host() + "'): "), e.getMessage());
            // Docker 28 names the blob it checked and the status instead: "… HEAD request to …: 401 Unauthorized"
            assertTrue(e.getMessage().matches("(?s).*(unauthorized: authentication required|401 Unauthorized)\\."
                    + " Fix the credentials in settings\\.xml server '" + java.util.regex.Pattern.quote(registry.host())
                    + "'\\."), e.getMessage());
            assertEquals(List.of(), warnings, "an auth error is not retried");
        } finally {
            registry.stop();
        }
    }

    @Test
    void noLoginAnywhereSaysWhereItLookedAndHowToAddOne() throws Exception {
        TestRegistry registry = TestRegistry.start(work.resolve("registry"), USER, "secret");
        try {
            String image = importImage(registry.host() + "/pgimage-push-it/app:anonymous");
            RegistryLogins logins = RegistryLogins.standard(new SettingsServers(),
                    Map.of("DOCKER_CONFIG", work.resolve("no-docker-config").toString()), work);

            RegistryAuthException e = assertThrows(RegistryAuthException.class,
                    () -> pusher(logins, RetryPolicy.DEFAULT).push(refs(image)));

            // Docker says "no basic auth credentials" (28.x after "push access denied, …"), Podman "… unauthorized: …"
            assertTrue(e.getMessage().matches("(?s)The registry " + java.util.regex.Pattern.quote(registry.host())
                    + " requires a login to push " + java.util.regex.Pattern.quote(image)
                    + " \\((.*no basic auth credentials|.*unauthorized: authentication required)\\), and none was found\\."
                    + " Looked in, in order:.*"), e.getMessage());
            assertTrue(e.getMessage().contains("settings.xml: no <server> with id '" + registry.host() + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("config.json auths: no entry for " + registry.host()), e.getMessage());
            assertTrue(e.getMessage().contains("docker login " + registry.host()), e.getMessage());
        } finally {
            registry.stop();
        }
    }

    @Test
    void aRegistryThatIsNotUpYetIsRetriedUntilItAnswers() throws Exception {
        int port = TestRegistry.freePort();
        String image = importImage("localhost:" + port + "/pgimage-push-it/app:late");
        // The registry comes up during the first back-off: the first attempt meets a refused connection.
        CompletableFuture<TestRegistry> late = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(1500);
                return TestRegistry.start(work.resolve("registry"), port, null, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            PushResult result = pusher(new RegistryLogins(List.of()), new RetryPolicy(4, Duration.ofSeconds(2)))
                    .push(refs(image));

            assertEquals(late.get(30, TimeUnit.SECONDS).manifestDigest("pgimage-push-it/app", "late", null, null),
                    result.digest());
            // Podman (containers/image) retries a refused connection itself; it may be through before ours does
            if (!engine.version().isPodman() || !warnings.isEmpty()) {
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains("attempt 1 of 4") && warnings.get(0).contains("connection refused"),
                        warnings.get(0));
            }
        } finally {
            late.get(30, TimeUnit.SECONDS).stop();
        }
    }

    /**
     * Killed while five 20 MB layers upload: Docker (classic store) retries each layer four times, counting every
     * retry down second by second (250 messages in about 50 s); the log gets a few lines with the count, the
     * countdown goes to debug, and the push fails naming the image.
     */
    @Test
    void aRegistryThatDiesMidPushIsReportedInAFewLinesNotOnePerRetrySecond() throws Exception {
        // Podman's push stream says nothing per layer (so nothing tells when to kill the registry), nor of its retries
        assumeFalse(engine.version().isPodman(), "Podman sends no per-layer lines");
        TestRegistry registry = TestRegistry.start(work.resolve("registry"));
        String image = importImage(registry.host() + "/pgimage-push-it/app:dies", 5, 20_000_000);
        CompletableFuture<Void> killed = CompletableFuture.runAsync(() -> {
            try {
                assertTrue(uploading.await(120, TimeUnit.SECONDS), "no layer started to upload: " + info);
                ProcessHandle.of(registry.pid()).ifPresent(ProcessHandle::destroyForcibly);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long started = System.nanoTime();
        try {
            PushFailedException e = assertThrows(PushFailedException.class,
                    () -> pusher(new RegistryLogins(List.of()), new RetryPolicy(1, Duration.ofSeconds(1))).push(refs(image)));
            killed.get(10, TimeUnit.SECONDS);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            assertTrue(e.getMessage().startsWith("The push of " + image + " failed"), e.getMessage());
            List<String> retryLines = warnings.stream().filter(line -> line.startsWith("The engine retries")).toList();
            assertTrue(retryLines.size() <= 1 + seconds / 30, seconds + " s: " + warnings);
            assertTrue(retryLines.stream().allMatch(line -> line.matches(".* \\(\\d+ retr(y|ies) of \\d+ layers? so far;"
                    + " the registry may be down\\)")), retryLines.toString());
            long countdown = debug.stream().filter(line -> line.contains(": Retrying in ")).count();
            if (!engine.version().isPodman() && !engine.containerdImageStore()) {
                // Docker's own pusher counts the retries down in the stream; with the containerd image store
                // containerd pushes and fails at once, and Podman retries without a word there
                assertTrue(!retryLines.isEmpty() && countdown > 10, countdown + " countdown messages, " + warnings);
            }
        } finally {
            registry.stop();
        }
    }

    @Test
    void aTagTheEngineDoesNotHaveIsReportedBeforeAnythingIsPushed() {
        String missing = "localhost:1/pgimage-push-it/nothing:" + UUID.randomUUID();
        ImageNotFoundException e = assertThrows(ImageNotFoundException.class,
                () -> pusher(new RegistryLogins(List.of()), RetryPolicy.DEFAULT).push(refs(missing)));
        assertTrue(e.getMessage().startsWith("The engine has no image " + missing), e.getMessage());
    }

    private static List<ImageReference> refs(String... references) {
        return java.util.Arrays.stream(references).map(ImageReference::parse).toList();
    }

    private ImagePusher pusher(RegistryLogins logins, RetryPolicy retry) {
        return new ImagePusher(engine, logins, event -> {
            String line = ProgressText.of(event);
            switch (ProgressText.level(event)) {
                case INFO -> {
                    info.add(line);
                    if (line.matches("Layer [0-9a-f]{12}: pushing.*")) {
                        uploading.countDown();
                    }
                }
                case WARN, ERROR -> {
                    System.out.println("[push] WARN " + line); // a failing run's report shows what the log said
                    warnings.add(line);
                }
                case DEBUG -> debug.add(line);
            }
        }, retry);
    }

    /** A one-file image with a unique layer, built FROM scratch (nothing is pulled). */
    private String importImage(String reference) throws Exception {
        return importImage(reference, 0, 0);
    }

    /** As {@link #importImage(String)}, and {@code layers} more layers of {@code bytes} random bytes each. */
    private String importImage(String reference, int layers, int bytes) throws Exception {
        Path tar = work.resolve("context-" + UUID.randomUUID() + ".tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            StringBuilder dockerfile = new StringBuilder("FROM scratch\nCOPY marker /marker\n");
            java.util.Random random = new java.util.Random();
            for (int i = 1; i <= layers; i++) {
                byte[] content = new byte[bytes];
                random.nextBytes(content);
                add(out, "layer" + i, content);
                dockerfile.append("COPY layer").append(i).append(" /layer").append(i).append('\n');
            }
            add(out, "Dockerfile", dockerfile.toString().getBytes(StandardCharsets.UTF_8));
            add(out, "marker", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        }
        new ImageBuilder(engine, ProgressListener.SILENT)
                .build(BuildRequest.builder(() -> Files.newInputStream(tar)).tag(reference).build());
        tagged.add(reference);
        assertTrue(engine.imageId(reference).isPresent(), "built " + reference);
        return reference;
    }

    private static void add(TarArchiveOutputStream out, String name, byte[] content) throws Exception {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
    }

    private String tag(String source, String reference) throws Exception {
        engine.tag(engine.imageId(source).orElseThrow(), ImageReference.parse(reference));
        tagged.add(reference);
        return reference;
    }
}
