package io.github.pgimage.core.registry;

/**
 * The registry refused the push for want of a valid login: either the credentials found were wrong (the message
 * names where they came from) or none were found (the message lists every place looked at and how to add one).
 */
public class RegistryAuthException extends PushFailedException {
    public RegistryAuthException(String message) {
        super(message);
    }
}
