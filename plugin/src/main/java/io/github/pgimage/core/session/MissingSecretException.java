package io.github.pgimage.core.session;

/**
 * A declared secret has no value: its file does not exist or cannot be read, or its environment
 * variable is unset or empty. Raised while the secrets are loaded, before any build starts.
 */
public class MissingSecretException extends SecretException {
    private final String secretId;
    private final SecretSource source;

    public MissingSecretException(SecretSource source, String reason, Throwable cause) {
        super("Secret '" + source.id() + "' has no value: " + source.origin() + " " + reason, source.id(), cause);
        this.secretId = source.id();
        this.source = source;
    }

    public String secretId() {
        return secretId;
    }

    public SecretSource source() {
        return source;
    }
}
