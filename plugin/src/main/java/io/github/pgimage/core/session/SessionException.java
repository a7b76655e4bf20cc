package io.github.pgimage.core.session;

import io.github.pgimage.core.engine.EngineException;

/** A BuildKit session could not be opened with the engine, or broke while a build needed it. */
public class SessionException extends EngineException {
    public SessionException(String message) {
        super(message);
    }

    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
