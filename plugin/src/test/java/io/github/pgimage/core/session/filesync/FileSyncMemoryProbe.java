package io.github.pgimage.core.session.filesync;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.github.pgimage.core.context.ContextEntry;
import io.github.pgimage.core.session.filesync.proto.FileSyncGrpc;
import io.github.pgimage.core.session.filesync.proto.Packet;
import io.github.pgimage.core.session.filesync.proto.Packet.PacketType;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;

/**
 * Run by {@link FileSyncMemoryTest} in a JVM with a small heap: serves every file of a directory over FileSync
 * (real gRPC, in-process) to a receiver that asks for all of them and only counts the bytes, then prints the
 * bytes received and the heap's peak use. An OutOfMemoryError makes the JVM exit non-zero.
 */
public final class FileSyncMemoryProbe {

    private FileSyncMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        List<ContextEntry> entries;
        try (Stream<Path> files = Files.list(directory)) {
            entries = files.map(f -> ContextEntry.file("big/" + f.getFileName(), f, false)).toList();
        }
        FileSyncService service = new FileSyncService(
                java.util.Map.of("context", SyncedDirectory.of(entries, Instant.EPOCH)), "probe");
        DefaultEventLoopGroup loop = new DefaultEventLoopGroup(2);
        LocalAddress address = new LocalAddress("filesync-probe-" + UUID.randomUUID());
        Server server = NettyServerBuilder.forAddress(address).channelType(LocalServerChannel.class)
                .bossEventLoopGroup(loop).workerEventLoopGroup(loop).addService(service).build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress(address).channelType(LocalChannel.class)
                .eventLoopGroup(loop).usePlaintext().build();
        try {
            long bytes = receiveAll(channel).get(10, TimeUnit.MINUTES);
            System.out.println("bytes=" + bytes + " sent=" + service.activity().totals().bytesSent()
                    + " peakHeapMiB=" + peakHeapMiB());
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Lists, asks for every file, counts DATA bytes, ends with FIN. */
    private static CompletableFuture<Long> receiveAll(ManagedChannel channel) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("dir-name", Metadata.ASCII_STRING_MARSHALLER), "context");
        CompletableFuture<Long> done = new CompletableFuture<>();
        AtomicLong bytes = new AtomicLong();
        StreamObserver<Packet>[] out = new StreamObserver[1];
        int[] listed = {0};
        int[] open = {0};
        out[0] = FileSyncGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .diffCopy(new StreamObserver<>() {
                    private final java.util.List<Integer> files = new java.util.ArrayList<>();

                    @Override
                    public void onNext(Packet packet) {
                        if (packet.getType() == PacketType.PACKET_STAT) {
                            if (packet.hasStat()) {
                                if ((packet.getStat().getMode() & 0x80000000) == 0) {
                                    files.add(listed[0]);
                                }
                                listed[0]++;
                            } else {
                                open[0] = files.size();
                                files.forEach(id -> out[0].onNext(
                                        Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(id).build()));
                            }
                        } else if (packet.getType() == PacketType.PACKET_DATA) {
                            if (packet.getData().isEmpty()) {
                                if (--open[0] == 0) {
                                    out[0].onNext(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
                                }
                            } else {
                                bytes.addAndGet(packet.getData().size());
                            }
                        } else if (packet.getType() == PacketType.PACKET_FIN) {
                            out[0].onCompleted();
                        } else {
                            done.completeExceptionally(new IllegalStateException("unexpected " + packet.getType()
                                    + ": " + packet.getData().toStringUtf8()));
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(bytes.get());
                    }
                });
        return done;
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
