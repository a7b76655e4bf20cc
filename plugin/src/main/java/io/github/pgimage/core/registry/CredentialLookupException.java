package io.github.pgimage.core.registry;

/**
 * A place that should hold credentials could not be read: a malformed config.json, a credential helper that is
 * missing or fails. Unchecked because {@link io.github.pgimage.core.session.RegistryCredentials#lookup} declares
 * no checked exception; the BuildSession reports it to the engine as a failed lookup.
 */
public class CredentialLookupException extends RuntimeException {
    public CredentialLookupException(String message) {
        super(message);
    }

    public CredentialLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
