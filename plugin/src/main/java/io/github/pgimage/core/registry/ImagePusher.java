package io.github.pgimage.core.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.pgimage.core.ImageNotFoundException;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.image.ImageReference;

/**
 * Pushes local image tags through the engine, each with the login {@link RegistryLogins} finds for its registry.
 * Transient failures (network, registry 5xx) are retried per {@link RetryPolicy}; a refused login is not, and is
 * reported with where the credentials came from, or where they were looked for. Nothing logged here ever holds a
 * password: only user names and the places credentials came from.
 */
public final class ImagePusher {
    private final EngineGateway engine;
    private final RegistryLogins logins;
    private final ProgressListener listener;
    private final RetryPolicy retry;

    public ImagePusher(EngineGateway engine, RegistryLogins logins, ProgressListener listener, RetryPolicy retry) {
        this.engine = engine;
        this.logins = logins;
        this.listener = listener;
        this.retry = retry;
    }

    /**
     * @param references tagged references, the main image first ({@link ImageReference#imageAndTags})
     * @throws ImageNotFoundException a reference names no local image
     * @throws RegistryAuthException  the registry wants a login that is missing or wrong
     * @throws PushFailedException    the registry refused a tag, or retries ran out
     * @throws EngineException        the engine could not be talked to
     */
    public PushResult push(List<ImageReference> references) throws PushFailedException, EngineException {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("nothing to push");
        }
        for (ImageReference reference : references) {
            if (engine.imageId(reference.toString()).isEmpty()) {
                throw new ImageNotFoundException(reference.toString());
            }
        }
        // Looked up once per registry, and only now that a push asks for it.
        Map<String, Optional<FoundCredential>> byHost = new HashMap<>();
        List<PushedImage> pushed = new ArrayList<>();
        for (ImageReference reference : references) {
            String host = reference.registryHost();
            Optional<FoundCredential> login;
            try {
                login = byHost.computeIfAbsent(host, logins::find);
            } catch (CredentialLookupException e) {
                throw new PushFailedException("Cannot look up the login for " + host + ": " + e.getMessage(), host, e);
            }
            listener.info("Pushing " + reference + login.map(l -> " as " + l.describeUser() + " from " + l.origin())
                    .orElse(" without credentials (none found for " + host + ")"));
            PushedImage image = pushWithRetries(reference, host, login);
            listener.info("Pushed " + reference + ": " + image.digest());
            pushed.add(image);
        }
        return new PushResult(pushed);
    }

    private PushedImage pushWithRetries(ImageReference reference, String host, Optional<FoundCredential> login)
            throws PushFailedException, EngineException {
        PushStream stream = new PushStream(engine);
        for (int attempt = 1; ; attempt++) {
            String failure;
            Exception cause = null;
            try {
                PushStream.Outcome outcome = stream.push(reference, RegistryHost.serverAddress(host),
                        login.map(FoundCredential::credential).orElse(null), new PushProgress(listener), listener);
                if (outcome.pushed() != null) {
                    return outcome.pushed();
                }
                failure = outcome.failure();
            } catch (IOException | EngineException e) {
                // the connection to the engine broke, or the engine could not be reached: worth another attempt
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
                throw new PushFailedException("The push of " + reference + " failed: " + failure, host, null);
            }
            if (attempt >= retry.attempts()) {
                throw new PushFailedException("The push of " + reference + " failed " + attempt
                        + " times; the last error: " + failure, host, null);
            }
            long delay = retry.delayAfter(attempt).toMillis();
            listener.warn("The push of " + reference + " failed (attempt " + attempt + " of " + retry.attempts()
                    + "): " + failure + "; retrying in " + delay / 1000.0 + " s");
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PushFailedException("The push of " + reference + " was interrupted while waiting to retry",
                        host, e);
            }
        }
    }

    private RegistryAuthException authFailure(ImageReference reference, String host, Optional<FoundCredential> login,
                                              String failure) {
        if (login.isPresent()) {
            return new RegistryAuthException("The registry " + host + " refused the login for " + reference + " ("
                    + login.get().describeUser() + " from " + login.get().origin() + "): " + failure
                    + ". Fix the credentials in " + login.get().origin() + ".", host, true);
        }
        StringBuilder message = new StringBuilder("The registry " + host + " requires a login to push " + reference
                + " (" + failure + "), and none was found. Looked in, in order:");
        for (String place : logins.searched(host)) {
            message.append("\n  - ").append(place);
        }
        message.append("\nAdd a login to one of them, e.g. with `docker login ").append(host)
                .append("`, which stores it in config.json or its credential helper.");
        return new RegistryAuthException(message.toString(), host, false);
    }
}
