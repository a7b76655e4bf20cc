package io.github.pgimage.core.session.filesync;

import io.github.pgimage.core.files.AtomicFiles;
import io.github.pgimage.core.session.filesync.proto.BytesMessage;
import io.github.pgimage.core.session.filesync.proto.FileSendGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * BuildKit's {@code moby.filesync.v1.FileSend} for a session: an exporter that writes a file for the client (the
 * {@code oci} exporter's tar) streams it here, and it lands at {@code target}. The bytes go to a file beside the
 * target and replace it only when the stream ended well, so a failed or cancelled build never leaves half an archive
 * (nor removes the previous one).
 */
public final class FileReceiver extends FileSendGrpc.FileSendImplBase {
    private final Path target;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<Path> received = new AtomicReference<>();

    public FileReceiver(Path target) {
        this.target = target;
    }

    /** The file as it was received, or null when no exporter sent one (yet). */
    public Path received() {
        return received.get();
    }

    /** Bytes of the last file received. */
    public long bytes() {
        return bytes.get();
    }

    @Override
    public StreamObserver<BytesMessage> diffCopy(StreamObserver<BytesMessage> reply) {
        Path temp;
        OutputStream out;
        try {
            Files.createDirectories(target.getParent());
            temp = AtomicFiles.createTemp(target);
            out = Files.newOutputStream(temp);
        } catch (IOException e) {
            reply.onError(Status.INTERNAL.withDescription("cannot write " + target + ": " + e.getMessage())
                    .asRuntimeException());
            return new Discard();
        }
        AtomicLong written = new AtomicLong();
        return new StreamObserver<>() {
            private boolean failed;

            @Override
            public void onNext(BytesMessage chunk) {
                if (failed) {
                    return;
                }
                try {
                    chunk.getData().writeTo(out);
                    written.addAndGet(chunk.getData().size());
                } catch (IOException e) {
                    failed = true;
                    abandon(out, temp);
                    reply.onError(Status.INTERNAL.withDescription("cannot write " + target + ": " + e.getMessage())
                            .asRuntimeException());
                }
            }

            @Override
            public void onError(Throwable t) {
                abandon(out, temp); // the exporter gave up (or the build was cancelled): keep the old file
            }

            @Override
            public void onCompleted() {
                if (failed) {
                    return;
                }
                try {
                    out.close();
                    AtomicFiles.move(temp, target);
                    bytes.set(written.get());
                    received.set(target);
                    reply.onCompleted();
                } catch (IOException e) {
                    abandon(out, temp);
                    reply.onError(Status.INTERNAL.withDescription("cannot write " + target + ": " + e.getMessage())
                            .asRuntimeException());
                }
            }
        };
    }

    private static void abandon(OutputStream out, Path temp) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is deleted next
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a stray temporary file beside the target is harmless
        }
    }

    private static final class Discard implements StreamObserver<BytesMessage> {
        @Override
        public void onNext(BytesMessage value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
