package io.github.pgimage.core.session.filesync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.context.ContentDigest;
import io.github.pgimage.core.context.ContextEntry;
import io.github.pgimage.core.context.ContextTarWriter;
import io.github.pgimage.core.session.filesync.proto.FileSyncGrpc;
import io.github.pgimage.core.session.filesync.proto.Packet;
import io.github.pgimage.core.session.filesync.proto.Packet.PacketType;
import io.github.pgimage.core.session.filesync.proto.Stat;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;

/**
 * The FileSync service over real gRPC (an in-process Netty channel), against {@link FsutilReceiver}, a receiver
 * written from fsutil's: what is listed, in which order, with which stats, and what a receiver that kept the
 * last transfer asks for.
 */
class FileSyncServiceTest {

    private static final Instant MTIME = Instant.parse("1980-01-01T00:00:00Z");
    private static final long MTIME_NANOS = MTIME.getEpochSecond() * 1_000_000_000L;
    private static final Map<String, List<String>> CONTEXT = Map.of("dir-name", List.of("context"));

    @TempDir
    Path project;

    private final DefaultEventLoopGroup loop = new DefaultEventLoopGroup(2);
    private Server server;
    private ManagedChannel channel;
    private FileSyncService service;

    @BeforeEach
    void files() throws IOException {
        write("Dockerfile", "FROM debian:bookworm-slim\nCOPY config/ /opt/pgimage/config/\n");
        write("a.txt", "a file beside directory a\n");
        write("a/x", "inside a\n");
        write("config/postgresql.conf", "shared_buffers = 128MB\n");
        write("config/local/extra.conf", "work_mem = 4MB\n");
        write("entrypoint.sh", "#!/bin/sh\nexec \"$@\"\n");
        write("entrypoint.d/scripts/10-check.sh", "#!/bin/sh\necho check\n");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void theListingIsInWalkOrderWithEachDirectoryBeforeItsContentsAndFixedStats() throws Exception {
        FsutilReceiver receiver = serve(entries());

        FsutilReceiver.Transfer transfer = receiver.sync(CONTEXT);

        assertEquals(Status.Code.OK, transfer.status().getCode(), String.valueOf(transfer.status()));
        // "a" and all below it before "a.txt": '/' sorts before every other character
        assertEquals(List.of("Dockerfile", "a", "a/x", "a.txt", "config", "config/local", "config/local/extra.conf",
                "config/postgresql.conf", "entrypoint.d", "entrypoint.d/scripts", "entrypoint.d/scripts/10-check.sh",
                "entrypoint.sh"), transfer.paths());
        Stat directory = stat(transfer, "config/local");
        assertEquals(0x80000000 | 0755, directory.getMode());
        assertEquals(MTIME_NANOS, directory.getModTime());
        Stat script = stat(transfer, "entrypoint.sh");
        assertEquals(0755, script.getMode());
        assertEquals(Files.size(project.resolve("entrypoint.sh")), script.getSize());
        Stat conf = stat(transfer, "config/postgresql.conf");
        assertEquals(0644, conf.getMode());
        for (Stat stat : transfer.listing()) {
            assertEquals(0, stat.getUid(), stat.getPath());
            assertEquals(0, stat.getGid(), stat.getPath());
            // whole seconds are the tar's mtime; only the sub-second part varies, with the content
            assertEquals(MTIME_NANOS, stat.getModTime() / 1_000_000_000L * 1_000_000_000L, stat.getPath());
        }
    }

    /** A link meant for the image is listed as a link with its target, and never asked for. */
    @Test
    void aLinkIsListedWithItsTargetAndNotSent() throws Exception {
        List<ContextEntry> entries = new ArrayList<>(entries());
        entries.add(ContextEntry.link("config/ssl/ca.crt", "/etc/ssl/certs/ca-certificates.crt"));
        FsutilReceiver receiver = serve(entries);

        FsutilReceiver.Transfer transfer = receiver.sync(CONTEXT);

        assertEquals(Status.Code.OK, transfer.status().getCode(), String.valueOf(transfer.status()));
        Stat link = stat(transfer, "config/ssl/ca.crt");
        assertEquals(0x08000000 | 0777, link.getMode());
        assertEquals("/etc/ssl/certs/ca-certificates.crt", link.getLinkname());
        assertEquals(0, link.getSize());
        assertTrue(!transfer.requested().contains("config/ssl/ca.crt"), transfer.requested().toString());
    }

    @Test
    void aFirstTransferSendsEveryFileWholeAndARepeatSendsNone() throws Exception {
        byte[] big = new byte[3 * DiffCopySender.CHUNK + 17]; // several DATA packets
        new Random(12).nextBytes(big);
        Files.write(project.resolve("a/big.bin"), big);
        FsutilReceiver receiver = serve(entries());

        FsutilReceiver.Transfer first = receiver.sync(CONTEXT);
        assertEquals(8, first.requested().size(), first.requested().toString());
        assertArrayEquals(big, receiver.bytes("a/big.bin"));
        assertEquals("#!/bin/sh\nexec \"$@\"\n", receiver.text("entrypoint.sh"));
        assertEquals(new FileSyncActivity.Totals(8, 8, totalSize()), service.activity().totals());

        FsutilReceiver.Transfer second = receiver.sync(CONTEXT);
        assertEquals(List.of(), second.requested());
        assertEquals(Status.Code.OK, second.status().getCode());
        assertEquals(new FileSyncActivity.Totals(16, 8, totalSize()), service.activity().totals());
    }

    @Test
    void anEditThatKeepsTheSizeIsStillAskedFor() throws Exception {
        FsutilReceiver receiver = serve(entries());
        receiver.sync(CONTEXT);
        long before = stat(receiver.sync(CONTEXT), "entrypoint.d/scripts/10-check.sh").getModTime();

        write("entrypoint.d/scripts/10-check.sh", "#!/bin/sh\necho CHECK\n");
        FsutilReceiver.Transfer edited = receiver.sync(CONTEXT);

        assertEquals(List.of("entrypoint.d/scripts/10-check.sh"), edited.requested());
        assertEquals("#!/bin/sh\necho CHECK\n", receiver.text("entrypoint.d/scripts/10-check.sh"));
        long after = stat(edited, "entrypoint.d/scripts/10-check.sh").getModTime();
        assertNotEquals(before, after);
        assertEquals(before / 1_000_000_000L, after / 1_000_000_000L);
        List<FileSyncActivity.SentFile> sent = service.activity().sentFiles();
        assertEquals(8, sent.size(), sent.toString()); // 7 files the first time, none the second, 1 now
        assertEquals(new FileSyncActivity.SentFile("context", "entrypoint.d/scripts/10-check.sh", 21), sent.get(7));
    }

    @Test
    void followPathsAndIncludePatternsListOnlyThoseFilesAndTheirDirectories() throws Exception {
        FsutilReceiver receiver = serve(entries());

        FsutilReceiver.Transfer transfer = receiver.sync(Map.of("dir-name", List.of("context"),
                "followpaths", List.of("config", "entrypoint.sh"), "include-patterns", List.of("entrypoint.d/*/10-*")));

        assertEquals(List.of("config", "config/local", "config/local/extra.conf", "config/postgresql.conf",
                "entrypoint.d", "entrypoint.d/scripts", "entrypoint.d/scripts/10-check.sh", "entrypoint.sh"),
                transfer.paths());
        assertEquals(List.of("config/local/extra.conf", "config/postgresql.conf", "entrypoint.d/scripts/10-check.sh",
                "entrypoint.sh"), transfer.requested());
    }

    @Test
    void excludePatternsFollowDockerignoreRulesWithExceptions() throws Exception {
        FsutilReceiver receiver = serve(entries());

        FsutilReceiver.Transfer transfer = receiver.sync(Map.of("dir-name", List.of("context"),
                "exclude-patterns", List.of("config", "!config/local/extra.conf", "**/*.sh", "a*")));

        assertEquals(List.of("Dockerfile", "config", "config/local", "config/local/extra.conf"), transfer.paths());
    }

    @Test
    void urlEncodedPatternsAreDecodedWhenTheEngineSaysSo() throws Exception {
        write("config/café.conf", "x = 1\n");
        FsutilReceiver receiver = serve(entries());

        FsutilReceiver.Transfer transfer = receiver.sync(Map.of("dir-name", List.of("context"),
                "followpaths", List.of(URLEncoder.encode("config/café.conf", StandardCharsets.UTF_8)),
                "followpaths-encoded", List.of("1")));

        assertEquals(List.of("config", "config/café.conf"), transfer.paths());
        assertEquals("x = 1\n", receiver.text("config/café.conf"));
    }

    @Test
    void theDockerfileDirectoryHoldsOnlyTheDockerfile() throws Exception {
        FsutilReceiver receiver = serve(entries());

        FsutilReceiver.Transfer transfer = receiver.sync(Map.of("dir-name", List.of("dockerfile"),
                "followpaths", List.of("Dockerfile", "Dockerfile.dockerignore", "dockerfile")));

        assertEquals(List.of("Dockerfile"), transfer.paths());
        assertEquals(Files.readString(project.resolve("Dockerfile")), receiver.text("Dockerfile"));
    }

    @Test
    void aDirectoryNotServedIsRefusedWithBuildKitsWords() throws Exception {
        FsutilReceiver receiver = serve(entries());

        FsutilReceiver.Transfer transfer = receiver.sync(Map.of("dir-name", List.of("secrets")));

        assertEquals(Status.Code.NOT_FOUND, transfer.status().getCode());
        assertEquals("no access allowed to dir \"secrets\"", transfer.status().getDescription());
        assertEquals(List.of(), transfer.listing());
    }

    @Test
    void aFileThatVanishesAfterTheListingEndsTheTransferWithAnErrNamingIt() throws Exception {
        FsutilReceiver receiver = serve(entries());

        FsutilReceiver.Transfer transfer = receiver.sync(CONTEXT, () -> delete("config/postgresql.conf"));

        assertTrue(transfer.error().contains(project.resolve("config/postgresql.conf") + " vanished"), transfer.error());
        assertTrue(transfer.error().contains("context entry config/postgresql.conf"), transfer.error());
        assertEquals(Status.Code.UNKNOWN, transfer.status().getCode());
        assertEquals(transfer.error(), service.activity().failure().orElseThrow());
    }

    @Test
    void aFileEditedBetweenListingAndSendingIsNotSentAsIfUnchanged() throws Exception {
        FsutilReceiver receiver = serve(entries());

        FsutilReceiver.Transfer transfer = receiver.sync(CONTEXT,
                () -> write("entrypoint.sh", "#!/bin/sh\nexec \"$0\"\n"));

        assertTrue(transfer.error().contains("entrypoint.sh changed while it was being sent"), transfer.error());
        assertTrue(transfer.error().contains("same size, other content"), transfer.error());
    }

    @Test
    void listedByTheContextTarsDigestsTheListingIsTheSameAndNoUnchangedFileIsReadAgain() throws Exception {
        List<ContextEntry> entries = entries();
        FsutilReceiver.Transfer read = serve(entries).sync(CONTEXT);
        channel.shutdownNow();
        server.shutdownNow();
        Map<String, ContentDigest> digests = new HashMap<>();
        new ContextTarWriter(MTIME).write(entries, OutputStream.nullOutputStream(), digests);
        FsutilReceiver receiver = serve(entries, digests);

        FsutilReceiver.Transfer first = receiver.sync(CONTEXT);
        assertEquals(read.listing(), first.listing());
        assertEquals(read.requested(), first.requested());
        // gone after the tar took it: listed by its digest, never read, since the engine has it already
        delete("a/x");
        FsutilReceiver.Transfer second = receiver.sync(CONTEXT);
        assertEquals(Status.Code.OK, second.status().getCode(), second.error());
        assertEquals(List.of(), second.requested());
    }

    @Test
    void aFileMissingWhenListedIsReportedBeforeAnythingIsAskedFor() throws Exception {
        FsutilReceiver receiver = serve(entries());
        delete("a/x");

        FsutilReceiver.Transfer transfer = receiver.sync(CONTEXT);

        assertTrue(transfer.error().contains("a/x vanished before it could be sent"), transfer.error());
        assertEquals(List.of(), transfer.requested());
        assertNull(receiver.text("a/x"));
    }

    @Test
    void cancellingTheCallMidFileStopsTheSenderAndNothingCountsAsSent() throws Exception {
        try (RandomAccessFile big = new RandomAccessFile(project.resolve("a/big.bin").toFile(), "rw")) {
            big.setLength(256L << 20); // sparse: far more than gRPC buffers, so the sender is mid-file when cancelled
        }
        serve(entries());
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("dir-name", Metadata.ASCII_STRING_MARSHALLER), "context");
        CountDownLatch firstData = new CountDownLatch(1);
        CompletableFuture<Status> ended = new CompletableFuture<>();
        FileSyncGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .diffCopy(new ClientResponseObserver<Packet, Packet>() {
                    private ClientCallStreamObserver<Packet> out;
                    private int index;
                    private int bigId = -1;

                    @Override
                    public void beforeStart(ClientCallStreamObserver<Packet> requests) {
                        out = requests;
                    }

                    @Override
                    public void onNext(Packet packet) {
                        switch (packet.getType()) {
                            case PACKET_STAT -> {
                                if (packet.hasStat()) {
                                    if (packet.getStat().getPath().equals("a/big.bin")) {
                                        bigId = index;
                                    }
                                    index++;
                                } else {
                                    out.onNext(Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(bigId).build());
                                }
                            }
                            case PACKET_DATA -> {
                                if (firstData.getCount() > 0) {
                                    firstData.countDown();
                                    out.cancel("the build was cancelled", null);
                                }
                            }
                            default -> { }
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(Status.OK);
                    }
                });

        assertTrue(firstData.await(20, TimeUnit.SECONDS), "no DATA arrived");
        assertEquals(Status.Code.CANCELLED, ended.get(20, TimeUnit.SECONDS).getCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (senderRunning() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(!senderRunning(), "the sender's thread still runs after the call was cancelled");
        assertEquals(List.of(), service.activity().sentFiles());
        assertTrue(service.activity().failure().isEmpty(), service.activity().failure().toString());
    }

    private static boolean senderRunning() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("pgimage-filesync-") && t.isAlive());
    }

    private FsutilReceiver serve(List<ContextEntry> entries) throws IOException {
        return serve(entries, Map.of());
    }

    private FsutilReceiver serve(List<ContextEntry> entries, Map<String, ContentDigest> digests) throws IOException {
        service = FileSyncService.forContext(entries, MTIME, project, digests);
        LocalAddress address = new LocalAddress("filesync-test-" + UUID.randomUUID());
        server = NettyServerBuilder.forAddress(address).channelType(LocalServerChannel.class)
                .bossEventLoopGroup(loop).workerEventLoopGroup(loop).addService(service).build().start();
        channel = NettyChannelBuilder.forAddress(address).channelType(LocalChannel.class).eventLoopGroup(loop)
                .usePlaintext().build();
        return new FsutilReceiver(channel);
    }

    private List<ContextEntry> entries() throws IOException {
        List<ContextEntry> entries = new ArrayList<>();
        try (var walk = Files.walk(project)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String path = project.relativize(file).toString();
                entries.add(ContextEntry.file(path, file, path.endsWith(".sh")));
            }
        }
        return entries;
    }

    private long totalSize() throws IOException {
        long total = 0;
        for (ContextEntry entry : entries()) {
            total += Files.size(entry.source());
        }
        return total;
    }

    private static Stat stat(FsutilReceiver.Transfer transfer, String path) {
        return transfer.listing().stream().filter(s -> s.getPath().equals(path)).findFirst().orElseThrow();
    }

    private void write(String path, String text) {
        try {
            Path file = project.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void delete(String path) {
        try {
            Files.delete(project.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
