package io.github.pgimage.core.registry;

/**
 * The registry refused the push for want of a valid login: either the credentials found were wrong (the message
 * names where they came from) or none were found (the message lists every place looked at).
 */
public class RegistryAuthException extends PushFailedException {
    private final boolean loginFound;

    public RegistryAuthException(String message, String registryHost, boolean loginFound) {
        super(message, registryHost, null);
        this.loginFound = loginFound;
    }

    /** False when no login was found at all: a front end then says how its users add one. */
    public boolean loginFound() {
        return loginFound;
    }
}
