package io.github.pgimage.core.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link RawConnection} seen as a connected {@link Socket}, for a library that reads and writes sockets (grpc-java's
 * OkHttp transport): its streams are the connection's, closing it closes the connection. It is no TCP socket of its
 * own, so the socket options are not there (the connection set what it could when it was made): setting one does
 * nothing, reading one fails.
 */
final class ConnectionSocket extends Socket {
    private final RawConnection connection;
    private final SocketAddress remote;
    private final Consumer<Throwable> onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final InputStream in;
    private final OutputStream out;
    private volatile boolean closed;

    ConnectionSocket(RawConnection connection, String name, Consumer<Throwable> onEnd) throws SocketException {
        super((java.net.SocketImpl) null); // no file descriptor: every call below goes to the connection
        this.connection = connection;
        this.remote = new Named(name);
        this.onEnd = onEnd;
        this.in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    int n = connection.read(b, off, len);
                    if (n < 0) {
                        ended(null);
                    }
                    return n;
                } catch (IOException e) {
                    ended(e);
                    throw e;
                }
            }

            @Override
            public void close() throws IOException {
                ConnectionSocket.this.close();
            }
        };
        this.out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                connection.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                ConnectionSocket.this.close();
            }
        };
    }

    private void ended(Throwable cause) {
        if (!closed && ended.compareAndSet(false, true)) {
            onEnd.accept(cause);
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            connection.close();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return remote;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return remote;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        throw new SocketException("Already connected to " + remote);
    }

    @Override
    public void setTcpNoDelay(boolean on) {
        // the connection set it when it was made over TCP; a unix socket has no such option
    }

    @Override
    public void setSoTimeout(int timeout) {
        // reads block until the far end writes or closes, as gRPC expects of its transport
    }

    @Override
    public void shutdownOutput() throws IOException {
        close();
    }

    @Override
    public void shutdownInput() throws IOException {
        close();
    }

    @Override
    public String toString() {
        return "ConnectionSocket[" + remote + (closed ? ", closed" : "") + "]";
    }

    /** Where the connection goes, as gRPC shows a transport's address in its logs and errors. */
    private static final class Named extends SocketAddress {
        private static final long serialVersionUID = 1L;
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
