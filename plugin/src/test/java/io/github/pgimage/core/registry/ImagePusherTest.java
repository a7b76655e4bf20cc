package io.github.pgimage.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.github.pgimage.maven.ProgressText;
import io.github.pgimage.core.progress.ProgressEvent;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.pgimage.core.ImageNotFoundException;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.FakeEngine;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.session.RegistryCredential;

/** The push's retry and login logic above the engine gateway, against a fake engine. */
class ImagePusherTest {
    private static final ImageReference IMAGE = ImageReference.parse("localhost:5000/acme/pg:16");
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final RetryPolicy NO_WAIT = new RetryPolicy(3, Duration.ZERO);

    private final FakeEngine engine = new FakeEngine();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> lookups = new ArrayList<>();

    @BeforeEach
    void theImageIsBuilt() {
        engine.images.put(IMAGE.toString(), "sha256:" + "01".repeat(32));
    }

    @Test
    void transientErrorsAreRetriedUntilThePushGoesThrough() {
        engine.pushAnswers.add(FakeEngine.lines(error("Get \"https://localhost:5000/v2/\": dial tcp: connect: connection refused")));
        engine.pushAnswers.add(FakeEngine.lines(error("received unexpected HTTP status: 503 Service Unavailable")));
        engine.pushAnswers.add(FakeEngine.lines(
                "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"0123456789ab\"}",
                "{\"progressDetail\":{},\"aux\":{\"Tag\":\"16\",\"Digest\":\"" + DIGEST + "\",\"Size\":528}}"));

        PushResult result = pusher(logins(Optional.empty()), NO_WAIT).push(List.of(IMAGE));

        assertEquals(DIGEST, result.digest());
        assertEquals(3, engine.calls("push").size());
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("attempt 1 of 3") && warnings.get(0).contains("connection refused"), warnings.get(0));
        assertTrue(warnings.get(1).contains("attempt 2 of 3") && warnings.get(1).contains("503"), warnings.get(1));
    }

    @Test
    void podmansPushReportsItsDigestInTheClosingStatusLineOnly() throws Exception {
        // recorded from Podman 4.3.1's POST /images/{name}/push to a local docker-registry
        byte[] recorded;
        try (var in = ImagePusherTest.class.getResourceAsStream("/buildah/podman-push.jsonl")) {
            recorded = in.readAllBytes();
        }
        engine.pushAnswers.add(() -> new java.io.ByteArrayInputStream(recorded));

        PushResult result = pusher(logins(Optional.empty()), NO_WAIT).push(List.of(IMAGE));

        assertEquals("sha256:393f4dc3feb42b30df2e57f1481c8b4961d95bba4913c666e05f2c690be2ceec", result.digest());
    }

    @Test
    void aBrokenConnectionToTheEngineIsRetriedToo() {
        engine.pushAnswers.add(() -> {
            throw new EngineException("Cannot reach the engine at unix:///fake/docker.sock: Connection reset");
        });
        engine.pushAnswers.add(FakeEngine.lines("{\"aux\":{\"Tag\":\"16\",\"Digest\":\"" + DIGEST + "\",\"Size\":1}}"));

        assertEquals(DIGEST, pusher(logins(Optional.empty()), NO_WAIT).push(List.of(IMAGE)).digest());
        assertEquals(2, engine.calls("push").size());
    }

    @Test
    void retriesRunOutWithTheLastError() {
        for (int i = 0; i < 3; i++) {
            engine.pushAnswers.add(FakeEngine.lines(error("net/http: TLS handshake timeout")));
        }
        PushFailedException e = assertThrows(PushFailedException.class,
                () -> pusher(logins(Optional.empty()), NO_WAIT).push(List.of(IMAGE)));
        assertEquals("The push of " + IMAGE + " failed 3 times; the last error: net/http: TLS handshake timeout",
                e.getMessage());
        assertEquals("localhost:5000", e.registryHost());
    }

    @Test
    void aRefusedLoginIsNotRetriedAndNamesWhereTheLoginCameFrom() {
        engine.pushAnswers.add(FakeEngine.lines(error("unauthorized: authentication required")));
        RegistryLogins logins = logins(Optional.of(new RegistryCredential("ci", "wrong")));

        RegistryAuthException e = assertThrows(RegistryAuthException.class,
                () -> pusher(logins, NO_WAIT).push(List.of(IMAGE)));

        assertEquals(1, engine.calls("push").size(), "a refused login is never retried");
        assertEquals(List.of(), warnings);
        assertTrue(e.loginFound());
        assertEquals("The registry localhost:5000 refused the login for " + IMAGE + " (user 'ci' from a test source):"
                + " unauthorized: authentication required. Fix the credentials in a test source.", e.getMessage());
    }

    @Test
    void noLoginAtAllListsThePlacesLookedInAndIsNotRetried() {
        engine.pushAnswers.add(FakeEngine.lines(error("no basic auth credentials")));

        RegistryAuthException e = assertThrows(RegistryAuthException.class,
                () -> pusher(logins(Optional.empty()), NO_WAIT).push(List.of(IMAGE)));

        assertEquals(1, engine.calls("push").size());
        assertFalse(e.loginFound());
        assertTrue(e.getMessage().contains("Looked in, in order:\n  - a test source: nothing for localhost:5000"),
                e.getMessage());
        assertFalse(e.getMessage().contains("settings.xml") || e.getMessage().contains("mvn "),
                "the core does not speak Maven: " + e.getMessage());
    }

    @Test
    void anImageTheEngineDoesNotHaveFailsBeforeAnyLoginIsLookedUp() {
        ImageReference missing = ImageReference.parse("localhost:5000/acme/other:1");

        ImageNotFoundException e = assertThrows(ImageNotFoundException.class,
                () -> pusher(logins(Optional.empty()), NO_WAIT).push(List.of(IMAGE, missing)));

        assertEquals(missing.toString(), e.reference());
        assertEquals(List.of(), engine.calls("push"));
        assertEquals(List.of(), lookups, "no login is looked up for a push that cannot start");
    }

    @Test
    void theLoginIsLookedUpOncePerRegistry() {
        ImageReference latest = IMAGE.withTag("latest");
        engine.images.put(latest.toString(), "sha256:" + "01".repeat(32));
        for (int i = 0; i < 2; i++) {
            engine.pushAnswers.add(FakeEngine.lines("{\"aux\":{\"Digest\":\"" + DIGEST + "\",\"Size\":1}}"));
        }

        pusher(logins(Optional.empty()), NO_WAIT).push(List.of(IMAGE, latest));

        assertEquals(List.of("localhost:5000"), lookups);
    }

    private static String error(String message) {
        return "{\"errorDetail\":{\"message\":\"" + message.replace("\"", "\\\"") + "\"},\"error\":\""
                + message.replace("\"", "\\\"") + "\"}";
    }

    /** One source that records each lookup and answers {@code login} for every registry. */
    private RegistryLogins logins(Optional<RegistryCredential> login) {
        return new RegistryLogins(List.of(new CredentialSource() {
            @Override
            public Optional<FoundCredential> find(String host) {
                lookups.add(host);
                return login.map(credential -> new FoundCredential(credential, "a test source"));
            }

            @Override
            public boolean mayHave(String host) {
                return login.isPresent();
            }

            @Override
            public String describeMiss(String host) {
                return "a test source: nothing for " + host;
            }
        }));
    }

    private ImagePusher pusher(RegistryLogins logins, RetryPolicy retry) {
        return new ImagePusher(engine, logins, event -> {
            if (ProgressText.level(event) == ProgressEvent.Level.WARN || ProgressText.level(event) == ProgressEvent.Level.ERROR) {
                warnings.add(ProgressText.of(event));
            }
        }, retry);
    }
}
