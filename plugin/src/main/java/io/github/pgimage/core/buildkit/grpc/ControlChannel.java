package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.session.WireLogs;
import io.grpc.ManagedChannel;
import io.grpc.okhttp.OkHttpChannelBuilder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.SocketFactory;

/**
 * A gRPC channel to a BuildKit daemon over connections the plugin makes itself. grpc-java's OkHttp client takes its
 * sockets from a factory; this one hands it a {@link Dialer} connection (an engine's {@code /grpc} upgrade, a socket,
 * a TLS connection) as a socket. So one client serves every transport, no TCP port is opened, and nothing but the
 * plugin can reach the channel.
 */
public final class ControlChannel implements AutoCloseable {
    /** BuildKit sends whole logs in status messages; its own client accepts 16 MiB, we allow more. */
    private static final int MAX_MESSAGE = 64 * 1024 * 1024;
    /**
     * Netty's default window, which the channel had before: a solve's status stream arrives without waiting for a
     * window update every 64 KiB (OkHttp's default).
     */
    private static final int FLOW_CONTROL_WINDOW = 1 << 20;
    /**
     * grpc-java's OkHttp channel resolves an IP address and hands it to the socket factory, which never connects to
     * it (it dials): a literal, so that nothing is looked up.
     */
    private static final String NEVER_CONNECTED = "127.0.0.1";

    private final ManagedChannel channel;
    private final AtomicReference<Throwable> lastDialFailure;

    private ControlChannel(ManagedChannel channel, AtomicReference<Throwable> lastDialFailure) {
        this.channel = channel;
        this.lastDialFailure = lastDialFailure;
    }

    /** Opens nothing yet: the first call dials. */
    public static ControlChannel open(Dialer dialer) {
        WireLogs.silence(); // a daemon's session rides in these frames, with the secrets and logins it serves
        AtomicReference<Throwable> lastDialFailure = new AtomicReference<>();
        ManagedChannel channel = OkHttpChannelBuilder.forAddress(NEVER_CONNECTED, 1)
                .socketFactory(new DialingSocketFactory(dialer, lastDialFailure))
                .proxyDetector(target -> null) // a proxy setting of Maven's JVM must not reroute the dialed connection
                .usePlaintext() // TLS, where the daemon wants it, is the dialed connection's
                .overrideAuthority("buildkit")
                .flowControlWindow(FLOW_CONTROL_WINDOW)
                .maxInboundMessageSize(MAX_MESSAGE)
                .build();
        return new ControlChannel(channel, lastDialFailure);
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
        channel.shutdownNow(); // closes the dialed connections
        try {
            channel.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Each socket gRPC asks for is a new connection from the dialer, whatever address it names. gRPC asks from a
     * thread of its transport's, never an event loop, so dialing may block (connect, TLS, the HTTP upgrade).
     */
    private static final class DialingSocketFactory extends SocketFactory {
        private final Dialer dialer;
        private final AtomicReference<Throwable> lastDialFailure;

        DialingSocketFactory(Dialer dialer, AtomicReference<Throwable> lastDialFailure) {
            this.dialer = dialer;
            this.lastDialFailure = lastDialFailure;
        }

        private Socket dial() throws IOException {
            try {
                Socket socket = dialer.dial().asSocket(dialer.describe(), cause -> { });
                lastDialFailure.set(null);
                return socket;
            } catch (IOException | RuntimeException e) {
                lastDialFailure.set(e);
                throw e;
            } catch (Exception e) { // the daemon refused (EngineException): gRPC reports the call UNAVAILABLE
                lastDialFailure.set(e);
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public Socket createSocket() throws IOException {
            return dial();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return dial();
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return dial();
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return dial();
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return dial();
        }
    }
}
