package io.github.pgimage.core.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How long the plugin waits for an engine (or a BuildKit daemon) to begin answering a request, and who hears that it
 * still waits: never silent, never forever. An engine that accepts the connection and then says nothing (frozen,
 * overloaded, or something else listening at its address) is waited for with a line every {@code remindEvery} and
 * given up on after {@code firstAnswer}, with a message naming its address.
 *
 * @param firstAnswer how long the engine may move no byte of a request and its answer before that answer has begun
 *                    (a streamed answer may then be quiet as long as it likes: its readers say what it waits for)
 * @param remindEvery how often a wait is said again
 * @param waiting     receives those lines; called from a watch thread
 */
public record Patience(Duration firstAnswer, Duration remindEvery, Consumer<String> waiting) {
    /** The user setting's default: two minutes, far beyond what a working engine takes to begin an answer. */
    public static final Duration DEFAULT_FIRST_ANSWER = Duration.ofMinutes(2);
    /** The plugin is never silent for longer than this while it waits. */
    public static final Duration REMIND_EVERY = Duration.ofSeconds(30);
    /** Two minutes, and the lines go nowhere: for tests and tools that have no log. */
    public static final Patience DEFAULT = new Patience(DEFAULT_FIRST_ANSWER, line -> { });

    public Patience {
        Objects.requireNonNull(firstAnswer, "firstAnswer");
        Objects.requireNonNull(remindEvery, "remindEvery");
        Objects.requireNonNull(waiting, "waiting");
        if (firstAnswer.isNegative() || firstAnswer.isZero()) {
            throw new IllegalArgumentException("firstAnswer must be positive: " + firstAnswer);
        }
        if (remindEvery.isNegative() || remindEvery.isZero()) {
            throw new IllegalArgumentException("remindEvery must be positive: " + remindEvery);
        }
    }

    /** Lines every {@link #REMIND_EVERY}. */
    public Patience(Duration firstAnswer, Consumer<String> waiting) {
        this(firstAnswer, REMIND_EVERY, waiting);
    }
}
