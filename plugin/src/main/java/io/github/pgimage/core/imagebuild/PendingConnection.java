package io.github.pgimage.core.imagebuild;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.github.pgimage.core.buildkit.BuildCancelledException;
import io.github.pgimage.core.engine.EngineException;

/**
 * A connection being opened on a thread of its own while the build's thread does something else. Whatever happens
 * to the build's thread, a connection that opens is closed by whoever no longer waits for it.
 */
final class PendingConnection<T extends AutoCloseable> {

    /** Opens a connection; fails as the engine's calls do. */
    interface Opener<T> {
        T open() throws EngineException;
    }

    private final CompletableFuture<T> future = new CompletableFuture<>();

    private PendingConnection() {
    }

    static <T extends AutoCloseable> PendingConnection<T> start(String name, Opener<T> opener) {
        PendingConnection<T> pending = new PendingConnection<>();
        Thread thread = new Thread(() -> {
            try {
                pending.future.complete(opener.open());
            } catch (Throwable e) {
                pending.future.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return pending;
    }

    /**
     * The connection, once open; else the opener's failure, as it threw it.
     *
     * @throws BuildCancelledException the waiting thread was interrupted (the connection is closed when it opens)
     */
    T await() throws EngineException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new BuildCancelledException("interrupted while connecting to the builder; nothing was built");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof EngineException engineException) {
                throw engineException;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Nobody will use the connection: it is closed when (if) it opens. */
    void abandon() {
        future.whenComplete((connection, failure) -> {
            if (connection != null) {
                try {
                    connection.close();
                } catch (Exception e) {
                    // nothing was built on it; a connection that fails to close has nothing left to lose
                }
            }
        });
    }
}
