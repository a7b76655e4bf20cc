package io.github.pgimage.core.imagebuild;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.pgimage.core.engine.RawConnection;
import io.github.pgimage.core.session.TestCertificates;

/**
 * What a standalone {@code buildkitd} looks like to a client, made from the engine's own BuildKit: plain gRPC on
 * {@code tcp://127.0.0.1:PORT} behind mutual TLS (HTTP/2 with ALPN {@code h2}, {@code buildkitd --addr tcp://…
 * --tlscacert …}), or on a socket file ({@code buildkitd --addr unix://…}). Each accepted connection becomes one
 * {@code POST /grpc} upgrade on the engine's socket; nothing else of the engine is reachable (in particular no
 * {@code /session}), so a client must run its session inside {@code Control/Session}. Invoker hooks start it through
 * the test class path ({@link #onSocket}).
 */
public final class BuildKitRelay implements AutoCloseable {
    /** How client connections are accepted. */
    private interface Listener extends java.io.Closeable {
        Client accept() throws IOException;

        boolean isClosed();
    }

    /** Whether an accepted client may speak HTTP/2 to the daemon (a TLS handshake); run on the client's thread. */
    private interface Admission {
        boolean admit() throws IOException;
    }

    /** An accepted client: what it sends, where the answers go, how it ends, and whether it gets in at all. */
    private record Client(Source in, Sink out, java.io.Closeable connection, Admission admission) {
    }

    /** Reads what arrived into {@code buffer}: the count, or -1 at the end. */
    private interface Source {
        int read(byte[] buffer) throws IOException;
    }

    private final Listener server;
    private final Path engineSocket;
    private final AtomicInteger connections = new AtomicInteger();
    private final int port;

    private BuildKitRelay(Listener server, Path engineSocket, int port) {
        this.server = server;
        this.engineSocket = engineSocket;
        this.port = port;
    }

    /**
     * A daemon on a socket file, as {@code buildkitd --addr unix://SOCKET} listens: {@code BUILDKIT_HOST=unix://SOCKET}
     * reaches it.
     */
    public static BuildKitRelay onSocket(Path engineSocket, Path socket) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(socket));
        Listener listener = new Listener() {
            @Override
            public Client accept() throws IOException {
                // RawConnection reads and writes at once, as the relay does (the streams of Channels share one lock)
                RawConnection client = RawConnection.over(channel.accept());
                return new Client(client::read, bytes -> client.write(bytes, 0, bytes.length), client, () -> true);
            }

            @Override
            public boolean isClosed() {
                return !channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                channel.close();
                Files.deleteIfExists(socket);
            }
        };
        return started(new BuildKitRelay(listener, engineSocket, -1));
    }

    /** @param serverP12 the relay's key and certificate (password "changeit"); clients need a certificate {@code ca} signed */
    static BuildKitRelay start(Path engineSocket, Path serverP12, Path ca) throws Exception {
        SSLServerSocket server = TestCertificates.mutualTlsServer(serverP12, ca);
        SSLParameters parameters = server.getSSLParameters();
        parameters.setApplicationProtocols(new String[]{"h2"}); // as a gRPC server: HTTP/2 only
        server.setSSLParameters(parameters);
        Listener listener = new Listener() {
            @Override
            public Client accept() throws IOException {
                SSLSocket client = (SSLSocket) server.accept();
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                return new Client(in::read, bytes -> {
                    out.write(bytes);
                    out.flush();
                }, client, () -> {
                    client.startHandshake(); // a client without a certificate the CA signed, or without ALPN h2, fails here
                    return "h2".equals(client.getApplicationProtocol());
                });
            }

            @Override
            public boolean isClosed() {
                return server.isClosed();
            }

            @Override
            public void close() throws IOException {
                server.close();
            }
        };
        return started(new BuildKitRelay(listener, engineSocket, server.getLocalPort()));
    }

    private static BuildKitRelay started(BuildKitRelay relay) {
        Thread accept = new Thread(relay::acceptLoop, "buildkit-relay-accept");
        accept.setDaemon(true);
        accept.start();
        return relay;
    }

    /** The TCP port ({@link #start}); a relay on a socket file has none. */
    int port() {
        return port;
    }

    /** Connections accepted so far (each one a /grpc upgrade on the engine). */
    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Client client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread t = new Thread(() -> serve(client), "buildkit-relay-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Client client) {
        try {
            if (!client.admission().admit()) {
                client.connection().close();
                return;
            }
            connections.incrementAndGet();
            SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
            engine.connect(UnixDomainSocketAddress.of(engineSocket));
            byte[] upgrade = ("POST /grpc HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\nConnection: Upgrade\r\n"
                    + "Upgrade: h2c\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            engine.write(ByteBuffer.wrap(upgrade));
            byte[] afterHead = readHead(engine);
            Sink toClient = client.out();
            toClient.write(afterHead);
            Runnable closeBoth = () -> {
                closeQuietly(client.connection());
                closeQuietly(engine);
            };
            Thread up = pump(client.in(), bytes -> {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    engine.write(buffer);
                }
            }, closeBoth);
            byte[] buffer = new byte[16 * 1024];
            try {
                int n;
                while ((n = engine.read(ByteBuffer.wrap(buffer))) >= 0) {
                    toClient.write(java.util.Arrays.copyOf(buffer, n));
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                closeBoth.run();
            }
            up.join();
        } catch (Exception e) {
            closeQuietly(client.connection());
        }
    }

    /** Reads the engine's 101 answer up to its blank line; returns what came after it (the start of HTTP/2). */
    private static byte[] readHead(SocketChannel engine) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (true) {
            buffer.clear();
            if (engine.read(buffer) < 0) {
                throw new IOException("the engine closed the /grpc upgrade: " + received.toString(StandardCharsets.ISO_8859_1));
            }
            received.write(buffer.array(), 0, buffer.position());
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                if (!text.startsWith("HTTP/1.1 101")) {
                    throw new IOException("the engine refused the /grpc upgrade: " + text.lines().findFirst().orElse(""));
                }
                byte[] all = received.toByteArray();
                return java.util.Arrays.copyOfRange(all, end + 4, all.length);
            }
        }
    }

    private interface Sink {
        void write(byte[] bytes) throws IOException;
    }

    private static Thread pump(Source in, Sink out, Runnable onEnd) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(java.util.Arrays.copyOf(buffer, n));
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                onEnd.run();
            }
        }, "buildkit-relay-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
