package io.github.pgimage.core.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.logging.LogLevel;
import io.netty.util.internal.logging.InternalLoggerFactory;
import org.junit.jupiter.api.Test;

class WireLogsTest {

    @Test
    void theFrameLoggerGrpcTurnsOnAtDebugIsOffEvenWhenMavenRunsWithDashX() {
        WireLogs.silence();

        // grpc-java's handlers make exactly this logger; enabled, it writes every DATA frame as hex
        Http2FrameLogger frames = new Http2FrameLogger(LogLevel.DEBUG, NettyServerBuilder.class);
        assertFalse(frames.isEnabled(), "frames would be logged with their bytes");
        assertFalse(InternalLoggerFactory.getInstance("io.grpc.netty.NettyClientHandler").isDebugEnabled());
        assertFalse(InternalLoggerFactory.getInstance("io.netty.handler.logging.LoggingHandler").isTraceEnabled());
    }

    @Test
    void grpcsOwnLoggersStopAtInfo() {
        WireLogs.silence();
        WireLogs.silence(); // twice is once

        assertTrue(Logger.getLogger("io.grpc").getLevel().intValue() >= Level.INFO.intValue());
        assertFalse(Logger.getLogger("io.grpc.okhttp.OkHttpFrameLogger").isLoggable(Level.FINE));
        assertFalse(Logger.getLogger("io.netty.handler.codec.http2").isLoggable(Level.FINEST));
    }
}
