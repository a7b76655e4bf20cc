package io.github.pgimage.core.engine;

import java.util.List;

/**
 * No engine could be used: the configured one does not answer, or its configuration (a Docker
 * context, TLS material) cannot be read. The message names every place that was consulted.
 */
public class EngineUnavailableException extends EngineException {
    private final List<String> tried;

    public EngineUnavailableException(String message, List<String> tried, Throwable cause) {
        super(message + describe(tried), cause);
        this.tried = List.copyOf(tried);
    }

    /** The discovery steps, in order, each saying what it found. */
    public List<String> tried() {
        return tried;
    }

    private static String describe(List<String> tried) {
        if (tried.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("\nEngine discovery tried, in order:");
        for (String step : tried) {
            text.append("\n  - ").append(step);
        }
        return text.toString();
    }
}
