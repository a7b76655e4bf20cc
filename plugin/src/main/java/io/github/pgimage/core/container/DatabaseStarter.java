package io.github.pgimage.core.container;

import java.time.Duration;
import java.util.function.Consumer;

import io.github.pgimage.core.ImageNotFoundException;
import io.github.pgimage.core.engine.ContainerSpec;
import io.github.pgimage.core.engine.ContainerState;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.Patience;

/**
 * Starts a database container for one build: clears the build's leftovers, creates the (labelled) container and
 * volume, publishes the port and waits until PostgreSQL answers. When any of that fails, it removes what it
 * created before rethrowing, so that a failed start leaves nothing behind even though {@code stop} never runs.
 */
public final class DatabaseStarter {
    /** Bound of one readiness attempt; the overall bound is the spec's start timeout. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    private final EngineGateway engine;
    private final PublishedAddress address;
    private final Consumer<String> log;
    private final JdbcProbe probe;
    private final Duration remindEvery;

    /** @param log receives progress lines (never the password) */
    public DatabaseStarter(EngineGateway engine, PublishedAddress address, Consumer<String> log) {
        this(engine, address, log, new JdbcProbe(ATTEMPT_TIMEOUT), Patience.REMIND_EVERY);
    }

    /**
     * @param probe       asks PostgreSQL whether it answers
     * @param remindEvery how often a line says that PostgreSQL has not answered yet
     */
    DatabaseStarter(EngineGateway engine, PublishedAddress address, Consumer<String> log, JdbcProbe probe,
                    Duration remindEvery) {
        this.engine = engine;
        this.address = address;
        this.log = log;
        this.probe = probe;
        this.remindEvery = remindEvery;
    }

    /**
     * @throws ImageNotFoundException  the engine has no such image
     * @throws DatabaseStartException  the container stopped, or PostgreSQL did not answer in time (with its log)
     * @throws EngineException         the engine could not be talked to
     */
    public RunningDatabase start(DatabaseSpec spec, BuildLabel label)
            throws DatabaseStartException, EngineException, InterruptedException {
        new LabelledResources(engine).removeAll(label, line -> log.accept("Leftover of an earlier run: " + line));
        return launch(spec, label);
    }

    /**
     * Replaces a running database with one from a new image: stops and removes the old container, keeping its
     * named volume (the data survives), and starts the new one as {@link #start} does, without touching anything
     * else the label marks. When the spec leaves the host port to the engine (0), the new container is published on
     * {@code keptPort}, the port the old one had, so that a client (psql, an IDE) reconnects where it was; should
     * another process have taken that port meanwhile, on a free one, saying so.
     *
     * @param oldContainerId the container to replace, or null when there is none (the last replacement failed)
     * @param keptPort       the port the database was on, or 0 for any free one
     */
    public RunningDatabase replace(String oldContainerId, DatabaseSpec spec, BuildLabel label, int keptPort)
            throws DatabaseStartException, EngineException, InterruptedException {
        if (oldContainerId != null) {
            engine.stopContainer(oldContainerId, LabelledResources.STOP_TIMEOUT);
            engine.removeContainer(oldContainerId);
            log.accept("Removed container " + LabelledResources.shortId(oldContainerId));
        }
        if (spec.hostPort() != 0 || keptPort == 0) {
            return launch(spec, label);
        }
        try {
            return launch(spec.withHostPort(keptPort), label);
        } catch (EngineException e) {
            if (!portTaken(e)) {
                throw e;
            }
            log.accept("Port " + keptPort + " was taken by another process meanwhile; PostgreSQL moves to a free port ("
                    + e.getMessage() + ")");
            return launch(spec, label);
        }
    }

    /** Docker's words for a host port another container holds, and the OS's for one another process holds. */
    private static boolean portTaken(EngineException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("port is already allocated") || message.contains("address already in use");
    }

    private RunningDatabase launch(DatabaseSpec spec, BuildLabel label)
            throws DatabaseStartException, EngineException, InterruptedException {
        if (engine.imageId(spec.image()).isEmpty()) {
            throw new ImageNotFoundException(spec.image());
        }
        String createdVolume = null;
        String containerId = null;
        try {
            if (spec.volume() != null && !engine.volumeExists(spec.volume())) {
                engine.createVolume(spec.volume(), label.asMap());
                createdVolume = spec.volume();
                log.accept("Created volume " + createdVolume);
            }
            containerId = engine.createContainer(new ContainerSpec(spec.image(), spec.containerEnv(), label.asMap(),
                    spec.command(), spec.containerPort(), address.bindIp(), spec.hostPort(), spec.volume(),
                    spec.dataDirectory()));
            engine.startContainer(containerId);
            ContainerState state = engine.inspectContainer(containerId, spec.containerPort());
            if (state.running() && state.hostPort() == 0) {
                throw new EngineException("The engine published no host port for " + spec.containerPort()
                        + "/tcp of container " + LabelledResources.shortId(containerId));
            }
            RunningDatabase database = new RunningDatabase(containerId, address.connectHost(),
                    state.hostPort() == 0 ? spec.hostPort() : state.hostPort(), spec.username(), spec.password(),
                    spec.effectiveDatabase());
            log.accept("Started container " + LabelledResources.shortId(containerId) + " from " + spec.image()
                    + ", waiting up to " + spec.startTimeout().toSeconds() + " s for " + database.jdbcUrl());
            new Readiness(engine, probe, log, remindEvery).await(database, spec.containerPort(), spec.startTimeout());
            return database;
        } catch (InterruptedException | RuntimeException e) {
            removeQuietly(containerId, createdVolume, e);
            throw e;
        }
    }

    /** Best effort: a cleanup failure must not hide why the start failed, so it is attached to that error. */
    private void removeQuietly(String containerId, String volume, Exception failure) {
        // Engine calls fail on an interrupted thread; clear the flag for the cleanup and restore it after.
        boolean interrupted = Thread.interrupted();
        try {
            if (containerId != null) {
                engine.removeContainer(containerId);
                log.accept("Removed container " + LabelledResources.shortId(containerId) + " after the failed start");
            }
            if (volume != null) {
                engine.removeVolume(volume);
                log.accept("Removed volume " + volume + " after the failed start");
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
