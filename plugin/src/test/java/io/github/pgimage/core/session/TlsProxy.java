package io.github.pgimage.core.session;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The engine's unix socket behind TLS with client authentication on 127.0.0.1: what a
 * {@code tcp://…} engine with {@code --tlsverify} looks like to a client, without a second daemon.
 * Bytes pass unchanged, so the HTTP upgrade and HTTP/2 reach the real engine.
 */
final class TlsProxy implements AutoCloseable {
    private final SSLServerSocket server;
    private final Path engineSocket;

    private TlsProxy(SSLServerSocket server, Path engineSocket) {
        this.server = server;
        this.engineSocket = engineSocket;
    }

    /** @param serverP12 the server's key and certificate (password "changeit"); clients must present a cert signed by {@code ca} */
    static TlsProxy start(Path engineSocket, Path serverP12, Path ca) throws Exception {
        SSLServerSocket server = TestCertificates.mutualTlsServer(serverP12, ca);
        TlsProxy proxy = new TlsProxy(server, engineSocket);
        Thread accept = new Thread(proxy::acceptLoop, "tls-proxy-accept");
        accept.setDaemon(true);
        accept.start();
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) server.accept();
                Thread t = new Thread(() -> serve(client), "tls-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SSLSocket client) {
        try {
            client.startHandshake(); // a client without an accepted certificate fails here
            SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
            engine.connect(UnixDomainSocketAddress.of(engineSocket));
            Runnable closeBoth = () -> {
                closeQuietly(client);
                closeQuietly(engine);
            };
            // Channels.newInputStream/newOutputStream would share the channel's blocking lock and
            // stall one direction while the other waits, so the channel is read and written directly.
            Thread up = pump(client.getInputStream(), new ChannelOut(engine), closeBoth);
            pump(new ChannelIn(engine), client.getOutputStream(), closeBoth);
            up.join();
        } catch (Exception e) {
            closeQuietly(client);
        }
    }

    private static Thread pump(InputStream in, OutputStream out, Runnable onEnd) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                onEnd.run();
            }
        }, "tls-proxy-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Reads the channel directly, so that a pending read does not block writes (see EngineConnection). */
    private static final class ChannelIn extends InputStream {
        private final SocketChannel channel;

        ChannelIn(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return channel.read(java.nio.ByteBuffer.wrap(b, off, len));
        }
    }

    private static final class ChannelOut extends OutputStream {
        private final SocketChannel channel;

        ChannelOut(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
