package io.github.pgimage.core.engine;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A connection of its own to the engine's API socket, as {@link EngineGateway#upgrade} hands it out: a plain byte
 * stream, since after the HTTP upgrade it carries another protocol (HTTP/2) that the pooled HTTP client cannot hand
 * over. One thread may read while another writes.
 */
public final class RawConnection implements Closeable {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final String hostHeader;
    private final InputStream in;
    private final OutputStream out;
    private final Closeable resource;
    /** Bytes already read from the socket that belong to the caller: what followed the upgrade answer. */
    private volatile byte[] unread = new byte[0];
    /** When a byte last went out or came in ({@link System#nanoTime()}), for {@link AnswerWatch}. */
    private volatile long lastMoved = System.nanoTime();

    private RawConnection(String hostHeader, InputStream in, OutputStream out, Closeable resource) {
        this.hostHeader = hostHeader;
        this.in = in;
        this.out = out;
        this.resource = resource;
    }

    /**
     * Connects to a {@code unix://} or {@code tcp://} endpoint, with the endpoint's TLS material when it has some, or
     * to an {@code ssh://} one through ssh and the remote {@code docker system dial-stdio}.
     */
    static RawConnection open(EngineEndpoint endpoint) throws IOException, EngineException {
        return open(endpoint, new String[0]);
    }

    /**
     * A byte stream that is not a socket of its own (a gRPC stream that carries a BuildKit session): reads from
     * {@code in}, writes to {@code out}, and {@code close} ends it.
     */
    public static RawConnection of(String hostHeader, InputStream in, OutputStream out, Closeable resource) {
        return new RawConnection(hostHeader, in, out, resource);
    }

    /**
     * A socket channel opened or accepted elsewhere (a test's stand-in daemon serves one), read by one thread while
     * another writes.
     */
    public static RawConnection over(SocketChannel channel) {
        return overChannel("docker", channel);
    }

    /**
     * A connection to a daemon that speaks HTTP/2 from the first byte (a BuildKit daemon, an engine's gRPC socket).
     *
     * @param tlsProtocols the ALPN protocols to offer when the connection uses TLS ({@code h2}: gRPC servers insist
     *                     on it); none for an engine's HTTP/1.1
     */
    public static RawConnection open(EngineEndpoint endpoint, String... tlsProtocols) throws IOException, EngineException {
        URI host = endpoint.host();
        String scheme = host.getScheme() == null ? "" : host.getScheme();
        switch (scheme) {
            case "unix" -> {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    channel.connect(UnixDomainSocketAddress.of(Path.of(host.getPath())));
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
                // The Host header is required by HTTP/1.1 but meaningless on a socket file.
                return overChannel("docker", channel);
            }
            case "tcp" -> {
                // EngineLocator gives every tcp endpoint its port
                int port = host.getPort();
                if (endpoint.tlsCertDir() != null) {
                    return overTls(endpoint, host.getHost(), port, tlsProtocols);
                }
                SocketChannel channel = SocketChannel.open();
                try {
                    channel.socket().connect(new InetSocketAddress(host.getHost(), port), CONNECT_TIMEOUT_MILLIS);
                    channel.socket().setTcpNoDelay(true);
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
                return overChannel(host.getHost() + ":" + port, channel);
            }
            case "ssh" -> {
                return SshTunnel.open(endpoint);
            }
            default -> throw new EngineException("A connection to the engine needs an engine reached over unix://,"
                    + " tcp:// or ssh://, not " + host);
        }
    }

    private static RawConnection overTls(EngineEndpoint endpoint, String hostName, int port, String[] protocols)
            throws IOException, EngineException {
        if (endpoint.tlsCertDir() == null) {
            throw new EngineException("The engine at " + endpoint.host() + " needs TLS, but no certificate"
                    + " directory (ca.pem, cert.pem, key.pem) is configured");
        }
        SSLContext tls = TlsMaterial.sslContext(endpoint.tlsCertDir());
        Socket raw = new Socket();
        try {
            raw.connect(new InetSocketAddress(hostName, port), CONNECT_TIMEOUT_MILLIS);
            raw.setTcpNoDelay(true);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, hostName, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the server certificate must name the host
            if (protocols.length > 0) {
                parameters.setApplicationProtocols(protocols);
            }
            socket.setSSLParameters(parameters);
            // A listener that accepts and never answers would hold the handshake forever
            long handshakeMillis = endpoint.patience().firstAnswer().toMillis();
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, handshakeMillis));
            try {
                socket.startHandshake();
            } catch (SocketTimeoutException e) {
                throw new EngineTimeoutException("The engine at " + endpoint.describe() + " accepted the connection but"
                        + " did not answer the TLS handshake within " + handshakeMillis / 1000 + " s: it is frozen or"
                        + " overloaded, or what listens there speaks no TLS", handshakeMillis / 1000);
            }
            socket.setSoTimeout(0); // from here on AnswerWatch and the readers' own watches decide
            return new RawConnection(hostName + ":" + port, socket.getInputStream(), socket.getOutputStream(), socket);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Streams that call the channel directly: those of {@code Channels.newInputStream/newOutputStream}
     * share the channel's blocking lock, so a read waiting for the engine would block every write.
     */
    private static RawConnection overChannel(String hostHeader, SocketChannel channel) {
        InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n;
                do {
                    n = channel.read(ByteBuffer.wrap(b, off, len));
                } while (n == 0);
                return n;
            }
        };
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
        return new RawConnection(hostHeader, in, out, channel);
    }

    /** The value of the Host header for requests on this connection. */
    String hostHeader() {
        return hostHeader;
    }

    /** Hands bytes read past the upgrade answer back to the connection's reader. */
    void unread(byte[] bytes) {
        unread = bytes.clone();
    }

    /**
     * Blocks until the engine sends something.
     *
     * @return the number of bytes read, or -1 when the engine closed the connection
     */
    public int read(byte[] buffer) throws IOException {
        byte[] pending = unread;
        if (pending.length > 0) {
            int n = Math.min(pending.length, buffer.length);
            System.arraycopy(pending, 0, buffer, 0, n);
            unread = java.util.Arrays.copyOfRange(pending, n, pending.length);
            return n;
        }
        int n = in.read(buffer, 0, buffer.length);
        lastMoved = System.nanoTime();
        return n;
    }

    /** The connection's bytes as a buffered stream, for an HTTP answer read line by line ({@link EngineHttp}). */
    InputStream input() {
        return new java.io.BufferedInputStream(new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                byte[] pending = unread;
                if (pending.length > 0) {
                    int n = Math.min(pending.length, len);
                    System.arraycopy(pending, 0, b, off, n);
                    unread = java.util.Arrays.copyOfRange(pending, n, pending.length);
                    return n;
                }
                int n = in.read(b, off, len);
                lastMoved = System.nanoTime();
                return n;
            }
        }, 8192);
    }

    /** Writes and flushes. */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
        lastMoved = System.nanoTime();
    }

    /** When a byte last went out or came in, as {@link System#nanoTime()} tells time. */
    long lastMoved() {
        return lastMoved;
    }

    /** Closes the socket; a reader blocked in {@link #read} then sees the end or an error. */
    @Override
    public void close() throws IOException {
        resource.close();
    }
}
