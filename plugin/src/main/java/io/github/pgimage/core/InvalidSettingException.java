package io.github.pgimage.core;

import java.util.Objects;

/** A user setting has a value the core cannot use; the message says what is wrong with it and what would do. */
public class InvalidSettingException extends PgImageException {

    public InvalidSettingException(Setting setting, String value, String message) {
        this(setting, value, message, null);
    }

    public InvalidSettingException(Setting setting, String value, String message, Throwable cause) {
        super(message, Objects.requireNonNull(setting, "setting"), value, cause);
    }
}
