package io.github.pgimage.core.session;

import io.github.pgimage.core.engine.RawConnection;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Carries the upgraded engine connection's bytes to the in-process gRPC server and back, unchanged:
 * the HTTP/2 framing is the gRPC server's business. A thread of its own reads the engine; the
 * server's replies are written to the engine from the relay's event loop, never the server's.
 */
final class SessionRelay implements AutoCloseable {
    private final RawConnection engine;
    private final Channel local;
    private final Thread reader;
    private volatile boolean closing;

    private SessionRelay(RawConnection engine, Channel local, Thread reader) {
        this.engine = engine;
        this.local = local;
        this.reader = reader;
    }

    /**
     * @param loop       the relay's event loop, not the server's: a write to the engine may block it;
     *                   owned by the caller
     * @param onEnd      called once when the connection ends by itself (null when the engine closed
     *                   it cleanly, else the cause); not called after {@link #close()}
     */
    static SessionRelay start(String name, EventLoopGroup loop, RawConnection engine, LocalAddress server, Consumer<Throwable> onEnd) throws IOException {
        SessionRelay[] self = new SessionRelay[1];
        Consumer<Throwable> ended = cause -> {
            if (self[0] != null && !self[0].closing) {
                onEnd.accept(cause);
            }
        };
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(LocalChannel.class)
                .handler(new ToEngine(engine, ended))
                .connect(server);
        if (!connect.awaitUninterruptibly(10, TimeUnit.SECONDS) || !connect.isSuccess()) {
            throw new IOException("the session's gRPC server did not accept the relay", connect.cause());
        }
        Channel local = connect.channel();
        Thread reader = new Thread(() -> fromEngine(engine, local, ended), name + "-read");
        reader.setDaemon(true);
        self[0] = new SessionRelay(engine, local, reader);
        reader.start();
        return self[0];
    }

    /** Engine → gRPC server, until the engine closes the connection. */
    private static void fromEngine(RawConnection engine, Channel local, Consumer<Throwable> ended) {
        Throwable cause = null;
        try {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = engine.read(buffer)) >= 0) {
                if (!forward(local, buffer, n)) {
                    break; // the server side is gone; close() or the server's own failure ends the session
                }
            }
        } catch (IOException e) {
            cause = e;
        } finally {
            local.close();
            ended.accept(cause);
        }
    }

    /** Waits for each write, so a slow server holds back the engine instead of filling memory. */
    private static boolean forward(Channel local, byte[] bytes, int length) {
        return local.writeAndFlush(Unpooled.copiedBuffer(bytes, 0, length)).awaitUninterruptibly().isSuccess();
    }

    /** gRPC server → engine. */
    private static final class ToEngine extends ChannelInboundHandlerAdapter {
        private final RawConnection engine;
        private final Consumer<Throwable> ended;

        ToEngine(RawConnection engine, Consumer<Throwable> ended) {
            this.engine = engine;
            this.ended = ended;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
            try {
                ByteBuf buf = (ByteBuf) msg;
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                engine.write(bytes, 0, bytes.length);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws IOException {
            engine.close(); // the server stopped: let the engine see the session end
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ended.accept(cause);
            ctx.close();
        }
    }

    boolean isOpen() {
        return reader.isAlive();
    }

    @Override
    public void close() {
        closing = true;
        try {
            engine.close(); // ends the reader's blocking read; the engine drops the session at once
        } catch (IOException ignored) {
            // closing anyway
        }
        local.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
