package io.github.pgimage.core.registry;

import java.time.Duration;

/**
 * How often a push is tried when it fails transiently, and how long to wait in between (doubling each time).
 *
 * @param attempts   tries in all, at least 1
 * @param firstDelay the wait before the second try
 */
public record RetryPolicy(int attempts, Duration firstDelay) {
    /** Three tries, 2 s and 4 s apart: rides out a registry restart without stalling a pipeline for long. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(2));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        if (firstDelay.isNegative()) {
            throw new IllegalArgumentException("firstDelay must not be negative: " + firstDelay);
        }
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        return firstDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
}
