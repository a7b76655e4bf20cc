package io.github.pgimage.core.session.content;

import com.google.protobuf.ByteString;
import io.github.pgimage.core.session.content.proto.AbortRequest;
import io.github.pgimage.core.session.content.proto.ContentGrpc;
import io.github.pgimage.core.session.content.proto.InfoRequest;
import io.github.pgimage.core.session.content.proto.ListContentRequest;
import io.github.pgimage.core.session.content.proto.ReadContentRequest;
import io.github.pgimage.core.session.content.proto.ReadContentResponse;
import io.github.pgimage.core.session.content.proto.StatusRequest;
import io.github.pgimage.core.session.content.proto.WriteAction;
import io.github.pgimage.core.session.content.proto.WriteContentRequest;
import io.github.pgimage.core.session.content.proto.WriteContentResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session's content store as BuildKit uses it for a local cache, over gRPC as BuildKit calls it: writes by ref
 * (resumed at the offset an earlier stream reached, checked at commit), reads with offsets, Info, and the store
 * chosen by the {@code buildkit-attachable-store-id} header.
 */
class ContentStoreServiceTest {
    private static final byte[] BLOB = "the cache layer's bytes, 34 long.\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    private final DefaultEventLoopGroup loop = new DefaultEventLoopGroup(1);
    private LayoutContentStore store;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void serve() throws Exception {
        store = new LayoutContentStore(new OciLayout(folder));
        LocalAddress address = new LocalAddress("content-test-" + UUID.randomUUID());
        server = NettyServerBuilder.forAddress(address).channelType(LocalServerChannel.class)
                .bossEventLoopGroup(loop).workerEventLoopGroup(loop)
                .addService(new ContentStoreService(Map.of("local:" + folder, store))).build().start();
        channel = NettyChannelBuilder.forAddress(address).channelType(LocalChannel.class).eventLoopGroup(loop)
                .usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        store.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void aCommittedWriteIsABlobThatInfoAndReadGiveBack() throws Exception {
        try (Writing write = write("local:" + folder)) {
            assertEquals(0, write.send(stat("layer-1", BLOB.length, digest(BLOB))).getOffset());
            assertEquals(10, write.send(data(0, slice(0, 10))).getOffset());
            WriteContentResponse committed = write.send(commit(10, slice(10, BLOB.length), BLOB.length, digest(BLOB)));
            assertEquals(BLOB.length, committed.getOffset());
            assertEquals(digest(BLOB), committed.getDigest());
        }

        assertArrayEquals(BLOB, Files.readAllBytes(folder.resolve("blobs/sha256/" + digest(BLOB).substring(7))));
        assertEquals(BLOB.length, stub("local:" + folder).info(InfoRequest.newBuilder().setDigest(digest(BLOB)).build())
                .getInfo().getSize());
        assertEquals(List.of(digest(BLOB)), stub("local:" + folder).list(ListContentRequest.getDefaultInstance()).next()
                .getInfoList().stream().map(i -> i.getDigest()).toList());
    }

    @Test
    void readsStartAtTheOffsetAndStopAfterTheSizeAsked() throws Exception {
        store(BLOB);

        assertEquals("cache layer", read(4, 11));
        assertEquals("34 long.\n", read(BLOB.length - 9, 0)); // size 0: to the end
        assertEquals(new String(BLOB, StandardCharsets.UTF_8), read(0, BLOB.length + 100));
        StatusRuntimeException past = assertThrows(StatusRuntimeException.class, () -> read(BLOB.length + 1, 1));
        assertEquals(Status.Code.OUT_OF_RANGE, past.getStatus().getCode());
    }

    @Test
    void aWriteCutShortIsResumedByTheNextStreamAtTheOffsetItReached() throws Exception {
        try (Writing first = write("local:" + folder)) {
            first.send(stat("layer-1", BLOB.length, digest(BLOB)));
            first.send(data(0, slice(0, 12)));
            first.cancel(); // BuildKit's connection dropped mid-blob
        }
        assertFalse(Files.exists(folder.resolve("blobs/sha256/" + digest(BLOB).substring(7))), "no half blob");
        awaitStatusOffset("layer-1", 12);

        try (Writing second = write("local:" + folder)) {
            WriteContentResponse resumed = second.send(stat("layer-1", BLOB.length, digest(BLOB)));
            assertEquals(12, resumed.getOffset());
            second.send(data(12, slice(12, BLOB.length)));
            assertEquals(digest(BLOB), second.send(commit(BLOB.length, new byte[0], BLOB.length, digest(BLOB))).getDigest());
        }
        assertArrayEquals(BLOB, Files.readAllBytes(folder.resolve("blobs/sha256/" + digest(BLOB).substring(7))));
    }

    @Test
    void aWriteNotAtTheIngestsEndIsOutOfRangeAndOffsetZeroStartsOver() throws Exception {
        try (Writing write = write("local:" + folder)) {
            write.send(stat("layer-1", 0, ""));
            write.send(data(0, "garbage".getBytes(StandardCharsets.UTF_8)));
            assertEquals(BLOB.length, write.send(data(0, BLOB)).getOffset()); // restarted, not appended
            StatusRuntimeException gap = assertThrows(StatusRuntimeException.class, () -> write.send(data(BLOB.length + 5, BLOB)));
            assertEquals(Status.Code.OUT_OF_RANGE, gap.getStatus().getCode());
        }
    }

    @Test
    void aDigestThatDoesNotMatchAtCommitStoresNothing() throws Exception {
        String wrong = digest("something else".getBytes(StandardCharsets.UTF_8));
        try (Writing write = write("local:" + folder)) {
            write.send(stat("layer-1", BLOB.length, wrong));
            write.send(data(0, BLOB));
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> write.send(commit(BLOB.length, new byte[0], BLOB.length, wrong)));
            assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("unexpected commit digest " + digest(BLOB)), e.getMessage());
        }
        assertFalse(Files.exists(folder.resolve("blobs")) && Files.list(folder.resolve("blobs/sha256")).findAny().isPresent());

        stub("local:" + folder).abort(AbortRequest.newBuilder().setRef("layer-1").build());
        store.close();
        assertFalse(Files.exists(folder.resolve("ingest")), "the aborted ingest is gone");
    }

    @Test
    void aBlobAlreadyStoredIsAnsweredAlreadyExistsSoTheWriterSkipsIt() throws Exception {
        store(BLOB);
        try (Writing write = write("local:" + folder)) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> write.send(stat("layer-again", BLOB.length, digest(BLOB))));
            assertEquals(Status.Code.ALREADY_EXISTS, e.getStatus().getCode());
        }
    }

    @Test
    void aRefBeingWrittenIsLockedForAnotherStream() throws Exception {
        try (Writing first = write("local:" + folder); Writing second = write("local:" + folder)) {
            first.send(stat("layer-1", 0, ""));
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> second.send(stat("layer-1", 0, "")));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        }
    }

    @Test
    void onlyTheStoresTheSessionServesCanBeReached() {
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> stub("local:/elsewhere")
                .info(InfoRequest.newBuilder().setDigest(digest(BLOB)).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertTrue(unknown.getStatus().getDescription().contains("unknown store local:/elsewhere"));
        StatusRuntimeException unnamed = assertThrows(StatusRuntimeException.class, () -> ContentGrpc
                .newBlockingStub(channel).info(InfoRequest.newBuilder().setDigest(digest(BLOB)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, unnamed.getStatus().getCode());
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> stub("local:" + folder)
                .info(InfoRequest.newBuilder().setDigest(digest(BLOB)).build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    }

    private void store(byte[] blob) throws Exception {
        try (Writing write = write("local:" + folder)) {
            write.send(commit(0, blob, blob.length, digest(blob)).toBuilder().setRef("stored").build());
        }
    }

    private String read(long offset, long size) {
        Iterator<ReadContentResponse> chunks = stub("local:" + folder).read(ReadContentRequest.newBuilder()
                .setDigest(digest(BLOB)).setOffset(offset).setSize(size).build());
        StringBuilder text = new StringBuilder();
        long expectedOffset = Math.max(offset, 0);
        while (chunks.hasNext()) {
            ReadContentResponse chunk = chunks.next();
            assertEquals(expectedOffset, chunk.getOffset());
            expectedOffset += chunk.getData().size();
            text.append(chunk.getData().toStringUtf8());
        }
        return text.toString();
    }

    private void awaitStatusOffset(String ref, long offset) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                long at = stub("local:" + folder).status(StatusRequest.newBuilder().setRef(ref).build()).getStatus().getOffset();
                if (at == offset) {
                    return;
                }
            } catch (StatusRuntimeException e) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the ingest " + ref + " never reached offset " + offset);
            }
            Thread.sleep(20);
        }
    }

    private ContentGrpc.ContentBlockingStub stub(String storeId) {
        return ContentGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header(storeId)));
    }

    private Writing write(String storeId) {
        return new Writing(ContentGrpc.newStub(channel).withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(header(storeId))));
    }

    private static Metadata header(String storeId) {
        Metadata headers = new Metadata();
        headers.put(ContentStoreService.STORE_ID, storeId);
        return headers;
    }

    private static WriteContentRequest stat(String ref, long total, String expected) {
        return WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef(ref).setTotal(total)
                .setExpected(expected).build();
    }

    private static WriteContentRequest data(long offset, byte[] bytes) {
        return WriteContentRequest.newBuilder().setAction(WriteAction.WRITE).setOffset(offset)
                .setData(ByteString.copyFrom(bytes)).build();
    }

    private static WriteContentRequest commit(long offset, byte[] bytes, long total, String expected) {
        return WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setOffset(offset)
                .setData(ByteString.copyFrom(bytes)).setTotal(total).setExpected(expected).build();
    }

    private static byte[] slice(int from, int to) {
        return java.util.Arrays.copyOfRange(BLOB, from, to);
    }

    private static String digest(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One Write stream, driven a message and its answer at a time, as containerd's remote writer does. */
    private static final class Writing implements AutoCloseable {
        private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        private final StreamObserver<WriteContentRequest> requests;
        private boolean ended;

        Writing(ContentGrpc.ContentStub stub) {
            requests = stub.write(new StreamObserver<>() {
                @Override
                public void onNext(WriteContentResponse value) {
                    answers.add(value);
                }

                @Override
                public void onError(Throwable t) {
                    answers.add(t);
                }

                @Override
                public void onCompleted() {
                }
            });
        }

        WriteContentResponse send(WriteContentRequest request) throws InterruptedException {
            requests.onNext(request);
            Object answer = answers.poll(5, TimeUnit.SECONDS);
            if (answer instanceof StatusRuntimeException e) {
                ended = true;
                throw e;
            }
            if (answer == null) {
                throw new AssertionError("no answer to " + request.getAction());
            }
            return (WriteContentResponse) answer;
        }

        void cancel() {
            ended = true;
            requests.onError(Status.CANCELLED.asRuntimeException());
        }

        @Override
        public void close() {
            if (!ended) {
                ended = true;
                requests.onCompleted();
            }
        }
    }
}
