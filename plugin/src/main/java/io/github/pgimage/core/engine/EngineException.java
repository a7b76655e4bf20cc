package io.github.pgimage.core.engine;

/** Something went wrong while talking to the Docker engine. Base of the plugin's engine errors. */
public class EngineException extends Exception {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
