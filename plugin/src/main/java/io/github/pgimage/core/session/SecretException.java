package io.github.pgimage.core.session;

import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;

/** A build secret cannot be used as declared. The message names the secret, never its value; the value is its id. */
public class SecretException extends PgImageException {
    public SecretException(String message, String secretId) {
        super(message, Setting.BUILD_SECRETS, secretId, null);
    }

    public SecretException(String message, String secretId, Throwable cause) {
        super(message, Setting.BUILD_SECRETS, secretId, cause);
    }
}
