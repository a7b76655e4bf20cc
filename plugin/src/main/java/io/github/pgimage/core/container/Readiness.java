package io.github.pgimage.core.container;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.pgimage.core.Setting;
import io.github.pgimage.core.engine.ContainerState;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;

/**
 * Waits until the started container's PostgreSQL answers a query, failing early when the container exits and
 * when the start timeout passes; both failures carry the container's log. Never silent: a line every
 * {@code remindEvery} says what it still waits for and why the last attempt failed.
 */
public final class Readiness {
    /** Between attempts: short against a start of seconds, long enough not to flood the server's log. */
    private static final Duration PAUSE = Duration.ofMillis(500);
    /** Lines of a container's log kept for an error message: the end is what explains a failed start. */
    static final int LOG_TAIL_LINES = 500;

    private final EngineGateway engine;
    private final JdbcProbe probe;
    private final Consumer<String> log;
    private final Duration remindEvery;

    /** @param log receives a line every {@code remindEvery} while PostgreSQL does not answer (never the password) */
    public Readiness(EngineGateway engine, JdbcProbe probe, Consumer<String> log, Duration remindEvery) {
        this.engine = engine;
        this.probe = probe;
        this.log = log;
        this.remindEvery = remindEvery;
    }

    /**
     * @param database the container and where to reach it (its port already published)
     * @param timeout  how long PostgreSQL may take, from now
     */
    public void await(RunningDatabase database, int containerPort, Duration timeout)
            throws DatabaseStartException, EngineException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long lastSaid = started;
        String lastFailure = "no attempt yet";
        while (true) {
            ContainerState state = engine.inspectContainer(database.containerId(), containerPort);
            if (!state.running()) {
                throw new DatabaseStartException("The container " + LabelledResources.shortId(database.containerId())
                        + " stopped (" + state.status() + ", exit code " + state.exitCode()
                        + ") before PostgreSQL answered at " + database.jdbcUrl(),
                        engine.containerLog(database.containerId(), LOG_TAIL_LINES), null);
            }
            Optional<String> failure = probe.check(database.jdbcUrl(), database.username(), database.password());
            if (failure.isEmpty()) {
                return;
            }
            lastFailure = failure.get();
            long now = System.nanoTime();
            if (now - lastSaid >= remindEvery.toNanos() && now - deadline < 0) {
                lastSaid = now;
                log.accept("Still waiting for PostgreSQL at " + database.jdbcUrl() + ": "
                        + Duration.ofNanos(now - started).toSeconds() + " s of " + timeout.toSeconds()
                        + " s; last attempt: " + lastFailure);
            }
            if (now - deadline >= 0) {
                throw new DatabaseStartException("PostgreSQL did not answer SELECT 1 at " + database.jdbcUrl() + " as "
                        + database.username() + " within " + timeout.toSeconds() + " s; last error: " + lastFailure,
                        engine.containerLog(database.containerId(), LOG_TAIL_LINES), null, Setting.START_TIMEOUT,
                        Long.toString(timeout.toSeconds()));
            }
            Thread.sleep(PAUSE.toMillis());
        }
    }
}
