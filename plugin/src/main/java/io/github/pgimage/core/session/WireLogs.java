package io.github.pgimage.core.session;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the bytes of BuildKit's connections out of every log, at every level. At FINE, grpc-java's OkHttp transport
 * logs each HTTP/2 frame, DATA frames with their bytes in hex (its {@code OkHttpFrameLogger}, on the
 * {@code java.util.logging} loggers of {@code io.grpc.okhttp.OkHttpClientTransport} and {@code OkHttpServerTransport}),
 * and a session's frames carry the build secrets and registry passwords it serves. So grpc-java's loggers log nothing
 * below INFO, whatever a logging configuration or Maven's {@code -X} asks for. Call {@link #silence()} before any gRPC
 * class makes its logger.
 */
public final class WireLogs {
    /** Held here: {@code java.util.logging} keeps only weak references, and a collected logger forgets its level. */
    private static final List<Logger> CAPPED = List.of(Logger.getLogger("io.grpc"),
            // the frame loggers themselves, in case a configuration gave them (or io.grpc.okhttp) a level of their own
            Logger.getLogger("io.grpc.okhttp.OkHttpClientTransport"),
            Logger.getLogger("io.grpc.okhttp.OkHttpServerTransport"));
    private static boolean silenced;

    private WireLogs() {
    }

    /** Idempotent; cheap after the first call. */
    public static synchronized void silence() {
        if (silenced) {
            return;
        }
        for (Logger logger : CAPPED) {
            if (logger.getLevel() == null || logger.getLevel().intValue() < Level.INFO.intValue()) {
                logger.setLevel(Level.INFO);
            }
        }
        silenced = true;
    }
}
