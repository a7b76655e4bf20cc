package io.github.pgimage.core.session;

import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineRequestException;
import io.github.pgimage.core.engine.RawConnection;
import io.github.pgimage.core.session.filesync.FileSyncService;

import io.grpc.BindableService;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A BuildKit session with the engine: the plugin's own connection to the engine, upgraded by
 * {@code POST /session}, on which the engine asks the plugin for build secrets and registry logins
 * while a build linked to it ({@code session=<id>} on {@code /build}) runs. Secrets cross only this
 * connection: they are never build args, environment, labels or context files.
 *
 * <p>Open one per build, link the build with {@link #id()}, and close it when the build ends or
 * fails (try-with-resources); the session answers the engine's health checks on threads of its own
 * for as long as it is open, however long the build's steps take.
 */
public final class BuildSession implements AutoCloseable {
    private static final String NAME = "postgres-image-maven-plugin";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final SessionServer server;
    private final SessionRelay relay;
    private final SessionActivity activity;
    private final AtomicReference<Throwable> ended;
    private final EventLoops loops;

    private BuildSession(String id, SessionServer server, SessionRelay relay, SessionActivity activity,
                         AtomicReference<Throwable> ended, EventLoops loops) {
        this.id = id;
        this.server = server;
        this.relay = relay;
        this.activity = activity;
        this.ended = ended;
        this.loops = loops;
    }

    /**
     * Connects to the engine and opens the session. The engine registers it at once; a build that
     * names it may start right after this returns.
     *
     * @param secrets     served to {@code RUN --mount=type=secret,id=…} steps
     * @param credentials served when a registry asks the engine to log in during a pull
     * @throws SessionException the engine cannot be reached or refuses the session
     */
    public static BuildSession open(EngineGateway engine, SecretStore secrets, RegistryCredentials credentials)
            throws SessionException {
        return open(engine, secrets, credentials, null);
    }

    /**
     * Opens a session that also serves the build context and the Dockerfile (link the build with
     * {@code remote=client-session}); the engine then pulls only the files that changed since its last copy.
     *
     * @param files the context to serve, or null for none
     */
    public static BuildSession open(EngineGateway engine, SecretStore secrets, RegistryCredentials credentials,
                                    FileSyncService files) throws SessionException {
        return open(overSessionEndpoint(engine), "the engine at " + engine.endpoint().host() + " (from "
                + engine.endpoint().source() + ")", secrets, credentials, files);
    }

    /**
     * Opens the session over a connection that {@code transport} makes: the engine's {@code POST /session}
     * ({@link #overSessionEndpoint}), or a BuildKit daemon's {@code Control/Session} stream.
     *
     * @param where names the daemon in error messages
     * @param files the context to serve over FileSync, or null for none; its shared key is announced, so that
     *              BuildKit keeps the files it received and asks a later session of the project only for changes
     * @throws SessionException the daemon cannot be reached or refuses the session
     */
    public static BuildSession open(SessionTransport transport, String where, SecretStore secrets,
                                    RegistryCredentials credentials, FileSyncService files) throws SessionException {
        return open(transport, where, secrets, credentials, files, List.of());
    }

    /**
     * As {@link #open(SessionTransport, String, SecretStore, RegistryCredentials, FileSyncService)}, serving
     * {@code more} services too (a {@link io.github.pgimage.core.session.filesync.FileReceiver} for an exporter
     * that sends a file back).
     */
    public static BuildSession open(SessionTransport transport, String where, SecretStore secrets,
                                    RegistryCredentials credentials, FileSyncService files,
                                    List<BindableService> more) throws SessionException {
        String id = newId();
        SessionActivity activity = new SessionActivity();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        String name = "pgimage-session-" + id;
        EventLoops loops = new EventLoops(name);
        SessionServer server = null;
        RawConnection connection = null;
        try {
            List<BindableService> attachables = new ArrayList<>();
            if (files != null) {
                attachables.add(files);
            }
            attachables.addAll(more);
            server = SessionServer.start(name, loops.server, secrets, credentials, activity, attachables);
            connection = transport.open(new SessionTransport.Announcement(id, NAME,
                    files == null ? "" : files.sharedKey(), server.methods()));
            SessionRelay relay = SessionRelay.start(name, loops.relay, connection, server.address(),
                    cause -> ended.compareAndSet(null,
                            cause != null ? cause : new IOException("the engine closed the session's connection")));
            return new BuildSession(id, server, relay, activity, ended, loops);
        } catch (IOException | RuntimeException e) {
            closeQuietly(connection);
            if (server != null) {
                server.close();
            }
            loops.close();
            if (e instanceof SessionException s) {
                throw s;
            }
            if (e instanceof EngineRequestException refused) {
                throw new SessionException("The engine refused the BuildKit session (HTTP " + refused.status() + ")"
                        + (refused.engineMessage().isEmpty() ? "" : ": " + refused.engineMessage()), e);
            }
            throw new SessionException("Cannot open a BuildKit session with " + where + ": "
                    + String.valueOf(e.getMessage()), e);
        }
    }

    /** The engine's own door for sessions: a connection of the plugin's own, upgraded by {@code POST /session}. */
    public static SessionTransport overSessionEndpoint(EngineGateway engine) {
        return announcement -> engine.upgrade("/session", "h2c", announcement.headers());
    }

    /** BuildKit's own session ids are random base-36 strings of 25 characters; this is one of those. */
    private static String newId() {
        StringBuilder id = new StringBuilder(25);
        for (int i = 0; i < 25; i++) {
            id.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return id.toString();
    }

    /** The id to pass as {@code session=} on {@code POST /build}. */
    public String id() {
        return id;
    }

    /** False once the engine dropped the connection or the session was closed. */
    public boolean isOpen() {
        return relay.isOpen() && ended.get() == null;
    }

    /** Why the session ended before {@link #close()}, if it did: a build needing it then fails on the engine. */
    public Optional<Throwable> endedBy() {
        return Optional.ofNullable(ended.get());
    }

    /** What the engine has asked of this session so far. */
    public SessionActivity activity() {
        return activity;
    }

    /** A warning for each registry login the engine asked for and could not get: it went on without one. */
    public static void warnAboutLogins(BuildSession session, ProgressListener listener) {
        session.activity().credentialFailures().forEach((host, failure) -> listener.warn(
                "The login for " + host + " could not be read (" + failure + "); the engine went on without one"));
    }

    /** Ends the session: the engine forgets it at once. Safe to call more than once. */
    @Override
    public void close() {
        server.close(); // tells the engine (GOAWAY) and stops answering
        relay.close();  // drops the connection: the engine forgets the session at once
        loops.close();  // last: closing either end of a local channel runs a task on the other end's loop
    }

    /** The server's and the relay's event loops, one thread each, so neither can hold up the other. */
    private static final class EventLoops {
        final EventLoopGroup server;
        final EventLoopGroup relay;

        EventLoops(String name) {
            WireLogs.silence();
            server = new DefaultEventLoopGroup(1, new DefaultThreadFactory(name + "-grpc", true));
            relay = new DefaultEventLoopGroup(1, new DefaultThreadFactory(name + "-relay", true));
        }

        void close() {
            server.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            relay.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    private static void closeQuietly(RawConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    @Override
    public String toString() {
        return "BuildSession[" + id + "]";
    }
}
