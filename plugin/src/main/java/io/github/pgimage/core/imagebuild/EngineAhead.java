package io.github.pgimage.core.imagebuild;

import java.util.function.Function;

import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;

/**
 * The engine's connection, opened on a thread of its own while the goal plans: finding the engine and asking its
 * version is, in a fresh JVM, mostly the first use of the HTTP and JSON classes, and planning needs nothing of it.
 * A build given it ({@link BuildOptions.Builder#engineAhead}) takes it at its first connect and says "Engine …" then,
 * as it would have; one that is never taken (planning failed) is closed when it opens.
 */
public final class EngineAhead implements AutoCloseable {
    private final PendingConnection<EngineGateway> pending;
    private volatile EngineEndpoint endpoint;
    private boolean taken;

    EngineAhead(String dockerHost, EngineLocator locator, Function<EngineEndpoint, EngineGateway> connector) {
        pending = PendingConnection.start("pgimage-engine-ahead", () -> {
            EngineEndpoint located = locator.locate(dockerHost);
            endpoint = located;
            return connector.apply(located);
        });
    }

    /** Starts finding and connecting to the engine at {@code dockerHost} (null: discovered) as a build would. */
    public static EngineAhead open(String dockerHost, EngineLocator locator) {
        return new EngineAhead(dockerHost, locator, EngineGateway::connect);
    }

    /** The build's own first connection is this one; any other goes as {@code otherwise} does. */
    EngineConnection before(EngineConnection otherwise) {
        return (listener, role) -> {
            if (!role.isEmpty() || !claim()) {
                return otherwise.open(listener, role);
            }
            try {
                return pending.await();
            } finally {
                if (endpoint != null) { // a failure to find the engine says what was tried, with no engine to name
                    EngineConnection.say(listener, endpoint, role);
                }
            }
        };
    }

    private synchronized boolean claim() {
        boolean first = !taken;
        taken = true;
        return first;
    }

    /** A connection no build took is closed when (if) it opens. */
    @Override
    public void close() {
        if (claim()) {
            pending.abandon();
        }
    }
}
