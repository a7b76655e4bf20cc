package io.github.pgimage.core.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

class WireLogsTest {

    @Test
    void theFrameLoggersOfGrpcsOkHttpTransportLogNoFrameEvenWhenConfiguredTo() {
        // as a logging.properties with io.grpc.okhttp.level=FINEST would, before the plugin runs
        Logger okhttp = Logger.getLogger("io.grpc.okhttp");
        okhttp.setLevel(Level.FINEST);
        try {
            WireLogs.silence();

            // OkHttpFrameLogger writes every DATA frame as hex at FINE, on its transport's logger
            assertFalse(Logger.getLogger("io.grpc.okhttp.OkHttpServerTransport").isLoggable(Level.FINE),
                    "the session's frames (secrets, logins) would be logged with their bytes");
            assertFalse(Logger.getLogger("io.grpc.okhttp.OkHttpClientTransport").isLoggable(Level.FINE));
        } finally {
            okhttp.setLevel(null);
        }
    }

    @Test
    void grpcsOwnLoggersStopAtInfo() {
        WireLogs.silence();
        WireLogs.silence(); // twice is once

        assertTrue(Logger.getLogger("io.grpc").getLevel().intValue() >= Level.INFO.intValue());
        assertFalse(Logger.getLogger("io.grpc.okhttp.OkHttpFrameLogger").isLoggable(Level.FINE));
        assertTrue(Logger.getLogger("io.grpc.internal.ManagedChannelImpl").isLoggable(Level.WARNING));
    }
}
