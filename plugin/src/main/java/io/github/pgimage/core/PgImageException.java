package io.github.pgimage.core;

import java.util.Optional;

/**
 * Root of every error the core library reports. Unchecked, so that the functional interfaces the core calls back
 * through (a context source, a registry login lookup) can carry them; each public method still declares the ones
 * it throws. The error may name the user setting it is about and the value that was wrong, as data, so that a
 * front end (the Maven plugin) can say which of its parameters to fix in its own words.
 */
public class PgImageException extends RuntimeException {
    private final Setting setting;
    private final String value;

    public PgImageException(String message) {
        this(message, null, null, null);
    }

    public PgImageException(String message, Throwable cause) {
        this(message, null, null, cause);
    }

    /**
     * @param setting the user setting the error is about, or null
     * @param value   the offending value as given, or null
     */
    public PgImageException(String message, Setting setting, String value, Throwable cause) {
        super(message, cause);
        this.setting = setting;
        this.value = value;
    }

    /** The user setting whose value (or absence) caused this, when one did. */
    public Optional<Setting> setting() {
        return Optional.ofNullable(setting);
    }

    /** The offending value as the user gave it, when there was one. */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }
}
