package io.github.pgimage.core.engine;

import io.github.pgimage.core.Setting;

/**
 * The engine accepted the connection and then said nothing for longer than the answer timeout
 * ({@link Setting#ANSWER_TIMEOUT}, whose value it carries in seconds): frozen, overloaded, or not an engine at all.
 */
public class EngineTimeoutException extends EngineException {
    public EngineTimeoutException(String message, long timeoutSeconds) {
        super(message, Setting.ANSWER_TIMEOUT, Long.toString(timeoutSeconds), null);
    }
}
