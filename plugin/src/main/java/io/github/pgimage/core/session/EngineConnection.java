package io.github.pgimage.core.session;

import com.github.dockerjava.core.LocalDirectorySSLConfig;
import io.github.pgimage.core.engine.EngineEndpoint;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A connection of the plugin's own to the engine's API socket (or a BuildKit daemon's): a plain byte
 * stream, since after the HTTP upgrade it carries HTTP/2 that docker-java's pooled HTTP client cannot
 * hand over. One thread may read while another writes.
 */
public final class EngineConnection implements Closeable {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final String hostHeader;
    private final InputStream in;
    private final OutputStream out;
    private final Closeable resource;

    private EngineConnection(String hostHeader, InputStream in, OutputStream out, Closeable resource) {
        this.hostHeader = hostHeader;
        this.in = in;
        this.out = out;
        this.resource = resource;
    }

    /** Connects to a {@code unix://} or {@code tcp://} endpoint, with the endpoint's TLS material when it has some. */
    public static EngineConnection open(EngineEndpoint endpoint) throws IOException, SessionException {
        return open(endpoint, new String[0]);
    }

    /**
     * A byte stream that is not a socket of its own (a gRPC stream that carries the session): reads
     * from {@code in}, writes to {@code out}, and {@code close} ends it.
     */
    public static EngineConnection of(String hostHeader, InputStream in, OutputStream out, Closeable resource) {
        return new EngineConnection(hostHeader, in, out, resource);
    }

    /**
     * @param tlsProtocols the ALPN protocols to offer when the connection uses TLS ({@code h2} for a
     *                     BuildKit daemon, whose gRPC server insists on it); none for an engine's HTTP/1.1
     */
    public static EngineConnection open(EngineEndpoint endpoint, String... tlsProtocols) throws IOException, SessionException {
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
            case "tcp", "http", "https" -> {
                int port = host.getPort() > 0 ? host.getPort() : endpoint.tlsCertDir() != null ? 2376 : 2375;
                if (endpoint.tlsCertDir() != null || scheme.equals("https")) {
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
            default -> throw new SessionException("BuildKit sessions (build secrets, registry logins) need an engine"
                    + " reached over unix:// or tcp://, not " + host);
        }
    }

    private static EngineConnection overTls(EngineEndpoint endpoint, String hostName, int port, String[] protocols)
            throws IOException, SessionException {
        if (endpoint.tlsCertDir() == null) {
            throw new SessionException("The engine at " + endpoint.host() + " needs TLS, but no certificate"
                    + " directory (ca.pem, cert.pem, key.pem) is configured");
        }
        SSLContext tls;
        try {
            // docker-java's reading of the cert directory (PKCS#1 and PKCS#8 keys), as EngineClient
            // uses it, so that the session trusts and presents exactly what the API calls do.
            tls = new LocalDirectorySSLConfig(endpoint.tlsCertDir().toString()).getSSLContext();
        } catch (RuntimeException e) {
            throw new SessionException("Cannot read the TLS material in " + endpoint.tlsCertDir() + ": " + e.getMessage(), e);
        }
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
            socket.startHandshake();
            return new EngineConnection(hostName + ":" + port, socket.getInputStream(), socket.getOutputStream(), socket);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Streams that call the channel directly: those of {@code Channels.newInputStream/newOutputStream}
     * share the channel's blocking lock, so a read waiting for the engine would block every write.
     */
    private static EngineConnection overChannel(String hostHeader, SocketChannel channel) {
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
        return new EngineConnection(hostHeader, in, out, channel);
    }

    /** The value of the Host header for requests on this connection. */
    public String hostHeader() {
        return hostHeader;
    }

    /** @return the number of bytes read, or -1 when the engine closed the connection */
    public int read(byte[] buffer) throws IOException {
        return in.read(buffer, 0, buffer.length);
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        resource.close();
    }
}
