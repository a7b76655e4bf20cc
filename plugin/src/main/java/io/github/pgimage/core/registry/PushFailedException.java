package io.github.pgimage.core.registry;

import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;

/**
 * The registry (through the engine) refused or broke off a push; the message says which tag and why. The value is
 * the registry host, which the logins for it are looked up by.
 */
public class PushFailedException extends PgImageException {
    public PushFailedException(String message, String registryHost, Throwable cause) {
        super(message, Setting.REGISTRY_LOGINS, registryHost, cause);
    }

    /** The registry the push went to. */
    public String registryHost() {
        return value().orElseThrow();
    }
}
