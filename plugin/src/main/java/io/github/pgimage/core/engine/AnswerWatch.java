package io.github.pgimage.core.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches one request while it waits for the engine to answer: every {@link Patience#REMIND_EVERY} without a byte
 * moving it says what it waits for, and when nothing has moved for the endpoint's {@link Patience#firstAnswer()} it
 * closes the connection, so that the thread blocked on it ends (and the caller throws {@link #timeout()}) instead of
 * waiting forever on an engine that accepted the connection and then said nothing. A blocked socket read cannot be
 * given a deadline otherwise: a unix socket channel has no read timeout.
 */
final class AnswerWatch implements AutoCloseable {
    /** How often a watch looks at its connection; timeouts are this precise. */
    private static final long TICK_MILLIS = 250;
    /** One thread for every watch of the JVM; a daemon, so that it never holds up Maven's exit. */
    private static final ScheduledExecutorService TICKS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "pgimage-answer-watch");
        thread.setDaemon(true);
        return thread;
    });

    private final RawConnection connection;
    private final EngineEndpoint endpoint;
    private final String request;
    private final long limitNanos;
    private final long started = System.nanoTime();
    private final ScheduledFuture<?> ticking;
    private long lastSaid = started;
    private volatile boolean timedOut;

    private AnswerWatch(RawConnection connection, EngineEndpoint endpoint, String request, Duration longer) {
        this.connection = connection;
        this.endpoint = endpoint;
        this.request = request;
        this.limitNanos = endpoint.patience().firstAnswer().plus(longer).toNanos();
        this.ticking = TICKS.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching; {@link #close()} when the answer has begun (a stream) or has been read (a small answer).
     *
     * @param request what was asked, for the lines: {@code GET /version}
     * @param longer  how much longer than the endpoint's patience this request may take to begin its answer
     */
    static AnswerWatch start(RawConnection connection, EngineEndpoint endpoint, String request, Duration longer) {
        return new AnswerWatch(connection, endpoint, request, longer);
    }

    private void tick() {
        Patience patience = endpoint.patience();
        long now = System.nanoTime();
        long quiet = now - Math.max(started, connection.lastMoved());
        if (quiet >= limitNanos) {
            timedOut = true;
            ticking.cancel(false);
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                // closing is all that is left to do; the blocked reader ends either way
            }
        } else if (quiet >= patience.remindEvery().toNanos() && now - lastSaid >= patience.remindEvery().toNanos()) {
            lastSaid = now;
            patience.waiting().accept("Still waiting for the engine at " + endpoint.host() + " to answer " + request
                    + ": nothing for " + seconds(quiet) + " s (gives up after " + seconds(limitNanos)
                    + " s without an answer)");
        }
    }

    /** Whether the watch gave up on the engine and closed the connection. */
    boolean timedOut() {
        return timedOut;
    }

    /** The error for a request the watch gave up on. */
    EngineTimeoutException timeout() {
        long limit = seconds(limitNanos);
        return new EngineTimeoutException("The engine at " + endpoint.describe() + " accepted the connection but sent"
                + " no answer to " + request + " within " + limit + " s: it is frozen or overloaded, or what listens"
                + " there is no container engine", endpoint.patience().firstAnswer().toSeconds());
    }

    @Override
    public void close() {
        ticking.cancel(false);
    }

    private static long seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds();
    }
}
