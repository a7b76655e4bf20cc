package io.github.pgimage.core.imagebuild;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.pgimage.core.buildkit.BuildCancelledException;
import io.github.pgimage.core.engine.EngineUnavailableException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingConnectionTest {

    /** Stands for a builder connection: only whether it was closed matters here. */
    static final class Connection implements AutoCloseable {
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void theConnectionOpenedMeanwhileIsTheOneAwaited() throws Exception {
        Connection opened = new Connection();
        PendingConnection<Connection> pending = PendingConnection.start("test-connect", () -> opened);
        assertSame(opened, pending.await());
        assertEquals(1, opened.closed.getCount(), "the caller closes what it awaited");
    }

    @Test
    void theOpenersFailureIsThrownAsItWas() {
        EngineUnavailableException refused = new EngineUnavailableException("engine at unix:///nowhere does not answer",
                java.util.List.of("unix:///nowhere"), null);
        PendingConnection<Connection> pending = PendingConnection.start("test-connect", () -> {
            throw refused;
        });
        assertSame(refused, assertThrows(EngineUnavailableException.class, pending::await));
    }

    @Test
    void anAbandonedConnectionIsClosedWhenItOpens() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Connection opened = new Connection();
        PendingConnection<Connection> pending = PendingConnection.start("test-connect", () -> {
            awaitQuietly(release);
            return opened;
        });
        pending.abandon(); // the context could not be written: nobody will build on this connection
        release.countDown();
        assertTrue(opened.closed.await(5, TimeUnit.SECONDS), "closed once it opened");
    }

    @Test
    void anInterruptedWaitCancelsTheBuildAndClosesTheConnectionLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Connection opened = new Connection();
        PendingConnection<Connection> pending = PendingConnection.start("test-connect", () -> {
            awaitQuietly(release);
            return opened;
        });
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread.currentThread().interrupt(); // Ctrl-C while the builder is still being asked
        try {
            assertThrows(BuildCancelledException.class, pending::await);
        } finally {
            stillInterrupted.set(Thread.interrupted());
        }
        assertTrue(stillInterrupted.get(), "the interrupt is kept for the callers above");
        assertFalse(opened.closed.await(100, TimeUnit.MILLISECONDS));
        release.countDown();
        assertTrue(opened.closed.await(5, TimeUnit.SECONDS));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
