package io.github.pgimage.core.registry;

/** The registry (through the engine) refused or broke off a push; the message says which tag and why. */
public class PushFailedException extends Exception {
    public PushFailedException(String message) {
        super(message);
    }

    public PushFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
