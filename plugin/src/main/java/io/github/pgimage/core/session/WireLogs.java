package io.github.pgimage.core.session;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.netty.util.internal.logging.AbstractInternalLogger;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bytes of BuildKit's connections out of every log, at every level. Below INFO, Netty's HTTP/2 frame
 * logger (which grpc-java's handlers turn on at DEBUG) writes each frame as hex, and a session's frames carry the
 * build secrets and registry passwords it serves: with Maven's {@code -X} they were readable in the log. So the
 * plugin's Netty logs nothing below INFO (its INFO and above still reach Maven's log) and grpc-java's own
 * {@code java.util.logging} loggers nothing below INFO. Netty's factory is per class realm, so this changes no other
 * plugin's Netty. Call {@link #silence()} before any Netty or gRPC class makes its logger.
 */
public final class WireLogs {
    /** Held here: {@code java.util.logging} keeps only weak references, and a collected logger forgets its level. */
    private static final List<Logger> CAPPED = List.of(Logger.getLogger("io.grpc"), Logger.getLogger("io.netty"));
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
        InternalLoggerFactory.setDefaultFactory(new InfoAndAbove());
        silenced = true;
    }

    /** Netty's loggers on SLF4J (Maven's log, as Netty's own choice would be), with TRACE and DEBUG gone. */
    static final class InfoAndAbove extends InternalLoggerFactory {
        @Override
        protected InternalLogger newInstance(String name) {
            return new Quiet(name, LoggerFactory.getLogger(name));
        }
    }

    /** Forwards INFO, WARN and ERROR; TRACE and DEBUG are never enabled. */
    private static final class Quiet extends AbstractInternalLogger {
        private final transient org.slf4j.Logger target;

        Quiet(String name, org.slf4j.Logger target) {
            super(name);
            this.target = target;
        }

        @Override public boolean isTraceEnabled() { return false; }
        @Override public void trace(String msg) { }
        @Override public void trace(String format, Object arg) { }
        @Override public void trace(String format, Object argA, Object argB) { }
        @Override public void trace(String format, Object... arguments) { }
        @Override public void trace(String msg, Throwable t) { }
        @Override public boolean isDebugEnabled() { return false; }
        @Override public void debug(String msg) { }
        @Override public void debug(String format, Object arg) { }
        @Override public void debug(String format, Object argA, Object argB) { }
        @Override public void debug(String format, Object... arguments) { }
        @Override public void debug(String msg, Throwable t) { }
        @Override public boolean isInfoEnabled() { return target.isInfoEnabled(); }
        @Override public void info(String msg) { target.info(msg); }
        @Override public void info(String format, Object arg) { target.info(format, arg); }
        @Override public void info(String format, Object argA, Object argB) { target.info(format, argA, argB); }
        @Override public void info(String format, Object... arguments) { target.info(format, arguments); }
        @Override public void info(String msg, Throwable t) { target.info(msg, t); }
        @Override public boolean isWarnEnabled() { return target.isWarnEnabled(); }
        @Override public void warn(String msg) { target.warn(msg); }
        @Override public void warn(String format, Object arg) { target.warn(format, arg); }
        @Override public void warn(String format, Object argA, Object argB) { target.warn(format, argA, argB); }
        @Override public void warn(String format, Object... arguments) { target.warn(format, arguments); }
        @Override public void warn(String msg, Throwable t) { target.warn(msg, t); }
        @Override public boolean isErrorEnabled() { return target.isErrorEnabled(); }
        @Override public void error(String msg) { target.error(msg); }
        @Override public void error(String format, Object arg) { target.error(format, arg); }
        @Override public void error(String format, Object argA, Object argB) { target.error(format, argA, argB); }
        @Override public void error(String format, Object... arguments) { target.error(format, arguments); }
        @Override public void error(String msg, Throwable t) { target.error(msg, t); }
    }
}
