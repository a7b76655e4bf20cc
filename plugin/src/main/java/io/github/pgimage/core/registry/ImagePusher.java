package io.github.pgimage.core.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.pgimage.core.buildkit.ProgressListener;
import io.github.pgimage.core.engine.EngineClient;
import io.github.pgimage.core.engine.EngineException;

/**
 * Pushes local image tags through the engine, each with the login {@link RegistryLogins} finds for its registry.
 * Transient failures (network, registry 5xx) are retried per {@link RetryPolicy}; a refused login is not, and is
 * reported with where the credentials came from, or where they were looked for. Nothing logged here ever holds a
 * password: only user names and the places credentials came from.
 */
public final class ImagePusher {
    private final EngineClient engine;
    private final RegistryLogins logins;
    private final ProgressListener listener;
    private final RetryPolicy retry;

    public ImagePusher(EngineClient engine, RegistryLogins logins, ProgressListener listener, RetryPolicy retry) {
        this.engine = engine;
        this.logins = logins;
        this.listener = listener;
        this.retry = retry;
    }

    /**
     * @param references full references, the main image first ({@code ImageReferences.resolve})
     * @throws RegistryAuthException the registry wants a login that is missing or wrong
     * @throws PushFailedException   a tag does not exist locally, the registry refused it, or retries ran out
     * @throws EngineException       the engine could not be talked to
     */
    public PushResult push(List<String> references) throws PushFailedException, EngineException {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("nothing to push");
        }
        for (String reference : references) {
            if (engine.imageId(reference).isEmpty()) {
                throw new PushFailedException("The engine has no image " + reference
                        + "; build it first (postgres-image:build, phase package).");
            }
        }
        Map<String, Optional<FoundCredential>> byHost = new HashMap<>();
        List<PushedImage> pushed = new ArrayList<>();
        for (String reference : references) {
            String host = RegistryHost.ofImage(reference);
            Optional<FoundCredential> login;
            try {
                login = byHost.computeIfAbsent(host, logins::find);
            } catch (CredentialLookupException e) {
                throw new PushFailedException("Cannot look up the login for " + host + ": " + e.getMessage(), e);
            }
            listener.info("Pushing " + reference + login.map(l -> " as " + l.describeUser() + " from " + l.origin())
                    .orElse(" without credentials (none found for " + host + ")"));
            PushedImage image = pushWithRetries(reference, host, login);
            listener.info("Pushed " + reference + ": " + image.digest());
            pushed.add(image);
        }
        return new PushResult(pushed);
    }

    private PushedImage pushWithRetries(String reference, String host, Optional<FoundCredential> login)
            throws PushFailedException, EngineException {
        PushStream stream = new PushStream(engine);
        for (int attempt = 1; ; attempt++) {
            String failure;
            Exception cause = null;
            try {
                PushStream.Outcome outcome = stream.push(reference, RegistryHost.serverAddress(host),
                        login.map(FoundCredential::credential).orElse(null), new PushProgress(listener));
                if (outcome.pushed() != null) {
                    return outcome.pushed();
                }
                failure = outcome.failure();
            } catch (IOException | RuntimeException e) {
                // docker-java's transport wraps I/O errors in RuntimeExceptions: either way the engine link broke
                if (attempt >= retry.attempts()) {
                    throw new EngineException("The push of " + reference + " through " + engine.endpoint().host()
                            + " broke off after " + attempt + " attempt(s): " + e.getMessage(), e);
                }
                failure = "connection to the engine broke: " + e.getMessage();
                cause = e;
            }
            PushError kind = cause != null ? PushError.TRANSIENT : PushError.classify(failure);
            if (kind == PushError.AUTH) {
                throw authFailure(reference, host, login, failure);
            }
            if (kind == PushError.PERMANENT) {
                throw new PushFailedException("The push of " + reference + " failed: " + failure);
            }
            if (attempt >= retry.attempts()) {
                throw new PushFailedException("The push of " + reference + " failed " + attempt
                        + " times; the last error: " + failure);
            }
            long delay = retry.delayAfter(attempt).toMillis();
            listener.warn("The push of " + reference + " failed (attempt " + attempt + " of " + retry.attempts()
                    + "): " + failure + "; retrying in " + delay / 1000.0 + " s");
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PushFailedException("The push of " + reference + " was interrupted while waiting to retry");
            }
        }
    }

    private RegistryAuthException authFailure(String reference, String host, Optional<FoundCredential> login,
                                              String failure) {
        if (login.isPresent()) {
            return new RegistryAuthException("The registry " + host + " refused the login for " + reference + " ("
                    + login.get().describeUser() + " from " + login.get().origin() + "): " + failure
                    + ". Fix the credentials in " + login.get().origin() + ".");
        }
        StringBuilder message = new StringBuilder("The registry " + host + " requires a login to push " + reference
                + " (" + failure + "), and none was found. Looked in, in order:");
        for (String place : logins.searched(host)) {
            message.append("\n  - ").append(place);
        }
        message.append("\nAdd one of: a <server> in ~/.m2/settings.xml with <id>").append(host)
                .append("</id>, <username> and <password> (encrypt it with mvn --encrypt-password);")
                .append(" or `docker login ").append(host).append("`, which stores it in config.json or its credential helper.");
        return new RegistryAuthException(message.toString());
    }
}
