package io.github.pgimage.core.registry;

import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;

/**
 * A place that should hold credentials could not be read: a malformed config.json, a credential helper that is
 * missing or fails. Raised only when a login is actually asked for (a push, or the engine pulling from a registry
 * during a build); the BuildSession reports it to the engine as a failed lookup.
 */
public class CredentialLookupException extends PgImageException {
    public CredentialLookupException(String message) {
        super(message, Setting.REGISTRY_LOGINS, null, null);
    }

    public CredentialLookupException(String message, Throwable cause) {
        super(message, Setting.REGISTRY_LOGINS, null, cause);
    }
}
