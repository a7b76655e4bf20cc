package io.github.pgimage.core.session.filesync;

import com.google.protobuf.ByteString;
import io.github.pgimage.core.session.filesync.proto.BytesMessage;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The file an exporter streams back over FileSend replaces the target only when the stream ended well. */
class FileReceiverTest {
    @TempDir
    Path out;

    @Test
    void theChunksBecomeTheFileWhenTheExporterEndsTheStream() throws IOException {
        Path target = out.resolve("postgres-image/image.oci.tar");
        FileReceiver receiver = new FileReceiver(target);
        Reply reply = new Reply();

        StreamObserver<BytesMessage> stream = receiver.diffCopy(reply);
        stream.onNext(chunk("oci-"));
        stream.onNext(chunk("layout"));
        stream.onCompleted();

        assertEquals("oci-layout", Files.readString(target));
        assertEquals(target, receiver.received());
        assertEquals(10, receiver.bytes());
        assertTrue(reply.completed);
        assertEquals(List.of(target), files());
    }

    @Test
    void aStreamThatFailsLeavesThePreviousFileAndNoTemporaryOne() throws IOException {
        Path target = out.resolve("image.oci.tar");
        Files.writeString(target, "previous archive");
        FileReceiver receiver = new FileReceiver(target);

        StreamObserver<BytesMessage> stream = receiver.diffCopy(new Reply());
        stream.onNext(chunk("half an arch"));
        stream.onError(new RuntimeException("the build was cancelled"));

        assertEquals("previous archive", Files.readString(target));
        assertNull(receiver.received());
        assertEquals(List.of(target), files());
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(out)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        return files;
    }

    private static BytesMessage chunk(String text) {
        return BytesMessage.newBuilder().setData(ByteString.copyFrom(text, StandardCharsets.UTF_8)).build();
    }

    private static final class Reply implements StreamObserver<BytesMessage> {
        boolean completed;

        @Override
        public void onNext(BytesMessage value) {
        }

        @Override
        public void onError(Throwable t) {
            throw new AssertionError("the receiver failed", t);
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }
}
