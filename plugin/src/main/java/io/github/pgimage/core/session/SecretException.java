package io.github.pgimage.core.session;

/** A build secret cannot be used as declared. The message names the secret, never its value. */
public class SecretException extends Exception {
    public SecretException(String message) {
        super(message);
    }

    public SecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
