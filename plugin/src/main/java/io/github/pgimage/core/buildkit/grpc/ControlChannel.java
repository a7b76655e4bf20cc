package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.engine.RawConnection;
import io.github.pgimage.core.session.WireLogs;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A gRPC channel to a BuildKit daemon over connections the plugin makes itself. grpc-java's Netty
 * client talks to an in-process address; each connection it opens there is paired with one
 * {@link Dialer} connection (an engine's {@code /grpc} upgrade, a socket, a TLS connection) and the
 * bytes are relayed unchanged both ways. So one client serves every transport, and no TCP port is opened.
 */
public final class ControlChannel implements AutoCloseable {
    /** BuildKit sends whole logs in status messages; its own client accepts 16 MiB, we allow more. */
    private static final int MAX_MESSAGE = 64 * 1024 * 1024;

    private final ManagedChannel channel;
    private final Channel acceptor;
    private final EventLoopGroup clientLoop;
    private final EventLoopGroup relayLoop;
    private final AtomicReference<Throwable> lastDialFailure;

    private ControlChannel(ManagedChannel channel, Channel acceptor, EventLoopGroup clientLoop,
                           EventLoopGroup relayLoop, AtomicReference<Throwable> lastDialFailure) {
        this.channel = channel;
        this.acceptor = acceptor;
        this.clientLoop = clientLoop;
        this.relayLoop = relayLoop;
        this.lastDialFailure = lastDialFailure;
    }

    /** Opens nothing yet: the first call dials. */
    public static ControlChannel open(Dialer dialer) throws IOException {
        WireLogs.silence(); // a daemon's session rides in these frames, with the secrets and logins it serves
        String name = "pgimage-buildkit-" + UUID.randomUUID();
        // Two loops: the relay writes to the daemon from its loop and may block there, which must never
        // hold up grpc-java's own loop.
        EventLoopGroup clientLoop = new DefaultEventLoopGroup(1, new DefaultThreadFactory(name + "-grpc", true));
        EventLoopGroup relayLoop = new DefaultEventLoopGroup(1, new DefaultThreadFactory(name + "-relay", true));
        AtomicReference<Throwable> lastDialFailure = new AtomicReference<>();
        LocalAddress address = new LocalAddress(name);
        try {
            Channel acceptor = new ServerBootstrap()
                    .group(relayLoop)
                    .channel(LocalServerChannel.class)
                    .childOption(ChannelOption.AUTO_READ, false) // until the daemon connection is there
                    .childHandler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel ch) {
                            ch.pipeline().addLast(new Relay(dialer, name, lastDialFailure));
                        }
                    })
                    .bind(address).syncUninterruptibly().channel();
            ManagedChannel channel = NettyChannelBuilder.forAddress(address)
                    .channelType(LocalChannel.class)
                    .eventLoopGroup(clientLoop)
                    .usePlaintext()
                    .overrideAuthority("buildkit")
                    .maxInboundMessageSize(MAX_MESSAGE)
                    // grpc-java asks for TCP keep-alive, which a local channel cannot do and warns about
                    .withOption(ChannelOption.SO_KEEPALIVE, null)
                    .build();
            return new ControlChannel(channel, acceptor, clientLoop, relayLoop, lastDialFailure);
        } catch (RuntimeException e) {
            clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            relayLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("Cannot start the in-process gRPC relay: " + e.getMessage(), e);
        }
    }

    public ManagedChannel channel() {
        return channel;
    }

    /** Why the last connection to the daemon could not be made, if it could not: a better message than gRPC's. */
    public Optional<Throwable> lastDialFailure() {
        return Optional.ofNullable(lastDialFailure.get());
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        acceptor.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        clientLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        relayLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** One gRPC connection paired with one daemon connection. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Dialer dialer;
        private final String name;
        private final AtomicReference<Throwable> lastDialFailure;
        private volatile RawConnection daemon;

        Relay(Dialer dialer, String name, AtomicReference<Throwable> lastDialFailure) {
            this.dialer = dialer;
            this.name = name;
            this.lastDialFailure = lastDialFailure;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel local = ctx.channel();
            // Dialing blocks (connect, TLS, the HTTP upgrade): never on an event loop.
            Thread reader = new Thread(() -> {
                RawConnection opened;
                try {
                    opened = dialer.dial();
                } catch (Exception e) {
                    lastDialFailure.set(e);
                    local.close();
                    return;
                }
                lastDialFailure.set(null);
                daemon = opened;
                local.eventLoop().execute(() -> {
                    local.config().setAutoRead(true);
                    local.read();
                });
                pump(opened, local);
            }, name + "-read");
            reader.setDaemon(true);
            reader.start();
        }

        /** Daemon → gRPC client, until either side ends. */
        private static void pump(RawConnection opened, Channel local) {
            try {
                byte[] buffer = new byte[32 * 1024];
                int n;
                while ((n = opened.read(buffer)) >= 0) {
                    if (!forward(local, buffer, n)) {
                        break;
                    }
                }
            } catch (IOException e) {
                // the daemon's connection broke: gRPC sees the local channel close and reports the call's failure
            } finally {
                local.close();
                closeQuietly(opened);
            }
        }

        /** Waits for each write, so a slow client holds back the daemon instead of filling memory. */
        private static boolean forward(Channel local, byte[] bytes, int length) {
            return local.writeAndFlush(Unpooled.copiedBuffer(bytes, 0, length)).awaitUninterruptibly().isSuccess();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
            try {
                ByteBuf buf = (ByteBuf) msg;
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                daemon.write(bytes, 0, bytes.length);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeQuietly(daemon);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private static void closeQuietly(RawConnection connection) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (IOException ignored) {
                    // already closing
                }
            }
        }
    }
}
