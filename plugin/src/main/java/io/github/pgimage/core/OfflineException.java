package io.github.pgimage.core;

/**
 * A build or push that runs offline (the front end's offline mode: Maven's {@code -o}) was asked for something only a
 * registry gives: pushing, a registry cache, a pull of the base image. Refused before anything is sent; the setting
 * named is the one that asked, and the message says what it needed and how to do without.
 */
public class OfflineException extends InvalidSettingException {

    public OfflineException(Setting setting, String value, String message) {
        super(setting, value, message);
    }
}
