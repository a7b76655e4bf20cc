package io.github.pgimage.core.engine;

import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;

/** Something went wrong while talking to the container engine. Base of the plugin's engine errors. */
public class EngineException extends PgImageException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An engine error the user fixes through a setting (e.g. the engine's address), with the value it had. */
    public EngineException(String message, Setting setting, String value, Throwable cause) {
        super(message, setting, value, cause);
    }
}
