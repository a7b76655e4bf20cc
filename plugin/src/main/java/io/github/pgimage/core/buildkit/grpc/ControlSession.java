package io.github.pgimage.core.buildkit.grpc;

import com.google.protobuf.ByteString;
import io.github.pgimage.core.buildkit.grpc.proto.BytesMessage;
import io.github.pgimage.core.buildkit.grpc.proto.ControlGrpc;
import io.github.pgimage.core.engine.RawConnection;
import io.github.pgimage.core.session.SessionTransport;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The session carried inside BuildKit's {@code Control/Session} stream, where there is no {@code /session}
 * (a buildkitd, an engine that speaks gRPC on its socket): each message is a slice of the session's own
 * HTTP/2 connection, and the announcement travels as the call's metadata. The stream is presented as a
 * plain connection, so the session's gRPC server and relay are the same as on {@code /session}.
 */
final class ControlSession {
    private static final int CHUNK = 32 * 1024;

    private ControlSession() {
    }

    static SessionTransport over(ControlGrpc.ControlStub control) {
        return announcement -> {
            Metadata metadata = new Metadata();
            announcement.headers().forEach((name, values) -> {
                // gRPC metadata keys are lower case; BuildKit reads them case-insensitively
                Metadata.Key<String> key = Metadata.Key.of(name.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);
                values.forEach(value -> metadata.put(key, value));
            });
            Stream stream = new Stream();
            // Detached from the caller's context: the session lives until closed, whatever the calling thread does.
            Context.ROOT.run(() -> control
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                    .session(stream));
            return stream.connection();
        };
    }

    /** Both directions of one {@code Control/Session} call. */
    private static final class Stream implements ClientResponseObserver<BytesMessage, BytesMessage> {
        private static final ByteString END = ByteString.copyFromUtf8("end");
        private final BlockingQueue<ByteString> received = new LinkedBlockingQueue<>();
        private final Object writable = new Object();
        private volatile ClientCallStreamObserver<BytesMessage> requests;
        private volatile Throwable failure;
        private volatile boolean closed;

        @Override
        public void beforeStart(ClientCallStreamObserver<BytesMessage> requestStream) {
            this.requests = requestStream;
            requestStream.setOnReadyHandler(() -> {
                synchronized (writable) {
                    writable.notifyAll();
                }
            });
        }

        @Override
        public void onNext(BytesMessage value) {
            received.add(value.getData());
        }

        @Override
        public void onError(Throwable t) {
            failure = t;
            received.add(END);
        }

        @Override
        public void onCompleted() {
            received.add(END);
        }

        RawConnection connection() {
            InputStream in = new InputStream() {
                private ByteString current = ByteString.EMPTY;
                private int offset;
                private boolean ended;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    while (offset >= current.size()) {
                        if (ended) {
                            return -1;
                        }
                        try {
                            ByteString next = received.take();
                            if (next == END) {
                                ended = true;
                                if (failure != null && !closed) {
                                    throw new IOException("the session stream ended: " + failure.getMessage(), failure);
                                }
                                return -1;
                            }
                            current = next;
                            offset = 0;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted while reading the session stream");
                        }
                    }
                    int n = Math.min(len, current.size() - offset);
                    current.copyTo(b, offset, off, n);
                    offset += n;
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
                    for (int at = off; at < off + len; at += CHUNK) {
                        awaitReady();
                        synchronized (this) { // StreamObserver is not thread-safe
                            requests.onNext(BytesMessage.newBuilder()
                                    .setData(ByteString.copyFrom(b, at, Math.min(CHUNK, off + len - at))).build());
                        }
                    }
                }
            };
            return RawConnection.of("buildkit", in, out, this::close);
        }

        /** gRPC's flow control: wait while the daemon is not taking data, so a large file is not buffered whole. */
        private void awaitReady() throws IOException {
            synchronized (writable) {
                while (!requests.isReady()) {
                    if (closed || failure != null) {
                        throw new IOException("the session stream is closed");
                    }
                    try {
                        writable.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while writing to the session stream");
                    }
                }
            }
        }

        private void close() {
            if (!closed) {
                closed = true;
                try {
                    requests.onCompleted();
                } catch (RuntimeException ignored) {
                    // the call already ended
                }
                requests.cancel("session closed", null);
                received.add(END);
            }
        }
    }
}
