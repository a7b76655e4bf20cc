package io.github.pgimage.core.container;

import java.time.Duration;
import java.util.Optional;

import io.github.pgimage.core.engine.EngineException;

/**
 * Waits until the started container's PostgreSQL answers a query, failing early when the container exits and
 * when the start timeout passes; both failures carry the container's log.
 */
public final class Readiness {
    /** Between attempts: short against a start of seconds, long enough not to flood the server's log. */
    private static final Duration PAUSE = Duration.ofMillis(500);

    private final ContainerEngine engine;
    private final JdbcProbe probe;

    public Readiness(ContainerEngine engine, JdbcProbe probe) {
        this.engine = engine;
        this.probe = probe;
    }

    /**
     * @param database the container and where to reach it (its port already published)
     * @param timeout  how long PostgreSQL may take, from now
     */
    public void await(RunningDatabase database, int containerPort, Duration timeout)
            throws DatabaseStartException, EngineException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastFailure = "no attempt yet";
        while (true) {
            ContainerEngine.ContainerState state = engine.state(database.containerId(), containerPort);
            if (!state.running()) {
                throw new DatabaseStartException("The container " + LabelledResources.shortId(database.containerId())
                        + " stopped (" + state.status() + ", exit code " + state.exitCode()
                        + ") before PostgreSQL answered at " + database.jdbcUrl(), engine.log(database.containerId()), null);
            }
            Optional<String> failure = probe.check(database.jdbcUrl(), database.username(), database.password());
            if (failure.isEmpty()) {
                return;
            }
            lastFailure = failure.get();
            if (System.nanoTime() - deadline >= 0) {
                throw new DatabaseStartException("PostgreSQL did not answer SELECT 1 at " + database.jdbcUrl() + " as "
                        + database.username() + " within " + timeout.toSeconds() + " s (startTimeout); last error: "
                        + lastFailure, engine.log(database.containerId()), null);
            }
            Thread.sleep(PAUSE.toMillis());
        }
    }
}
