package io.github.pgimage.core.session.filesync;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.pgimage.core.session.filesync.proto.FileSyncGrpc;
import io.github.pgimage.core.session.filesync.proto.Packet;
import io.github.pgimage.core.session.filesync.proto.Packet.PacketType;
import io.github.pgimage.core.session.filesync.proto.Stat;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

/**
 * The engine's side of a DiffCopy, written from fsutil's receive.go: keeps the tree it received last time,
 * lists what the sender offers, checks the order the way fsutil's validator does, asks (REQ) only for the files
 * whose size, mtime, mode, owner or link target differ, collects their DATA and ends with FIN.
 */
final class FsutilReceiver {

    /** What one transfer showed. */
    record Transfer(List<Stat> listing, List<String> requested, Status status, String error) {
        List<String> paths() {
            return listing.stream().map(Stat::getPath).toList();
        }
    }

    private final ManagedChannel channel;
    private final Map<String, Stat> kept = new HashMap<>();
    private final Map<String, byte[]> content = new LinkedHashMap<>();

    FsutilReceiver(ManagedChannel channel) {
        this.channel = channel;
    }

    /** The content of a file as received so far. */
    String text(String path) {
        byte[] bytes = content.get(path);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    byte[] bytes(String path) {
        return content.get(path);
    }

    Transfer sync(Map<String, List<String>> metadata) throws InterruptedException {
        return sync(metadata, null);
    }

    /**
     * One DiffCopy call.
     *
     * @param beforeRequests run after the listing, before the first REQ (to change files on the sender's side)
     */
    Transfer sync(Map<String, List<String>> metadata, Runnable beforeRequests) throws InterruptedException {
        Metadata headers = new Metadata();
        metadata.forEach((key, values) -> values.forEach(
                value -> headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value)));
        BlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
        StreamObserver<Packet> out = FileSyncGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .diffCopy(new StreamObserver<>() {
                    @Override
                    public void onNext(Packet packet) {
                        inbound.add(packet);
                    }

                    @Override
                    public void onError(Throwable t) {
                        inbound.add(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        inbound.add(Status.OK);
                    }
                });

        List<Stat> listing = new ArrayList<>();
        List<String> requested = new ArrayList<>();
        Map<Integer, String> pending = new HashMap<>();
        Map<Integer, ByteArrayOutputStream> arriving = new HashMap<>();
        Map<String, Stat> received = new HashMap<>();
        String error = null;
        boolean listed = false;
        boolean finSent = false;
        while (true) {
            Object next = inbound.poll(20, TimeUnit.SECONDS);
            if (next == null) {
                throw new AssertionError("the sender went silent; listed so far: " + listing);
            }
            if (next instanceof Status status) {
                if (status.isOk() && !finSent) {
                    throw new AssertionError("the sender completed before FIN");
                }
                return new Transfer(listing, requested, status, error);
            }
            Packet packet = (Packet) next;
            switch (packet.getType()) {
                case PACKET_STAT -> {
                    if (listed) {
                        throw new AssertionError("STAT after the end of the listing: " + packet);
                    }
                    if (!packet.hasStat()) {
                        listed = true;
                        if (beforeRequests != null) {
                            beforeRequests.run();
                        }
                        for (int id = 0; id < listing.size(); id++) {
                            Stat stat = listing.get(id);
                            received.put(stat.getPath(), stat);
                            if (isRegular(stat) && !same(kept.get(stat.getPath()), stat)) {
                                pending.put(id, stat.getPath());
                                requested.add(stat.getPath());
                                out.onNext(Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(id).build());
                            }
                        }
                        if (pending.isEmpty()) {
                            finish(received, out);
                            finSent = true;
                        }
                        break;
                    }
                    checkOrder(listing, packet.getStat());
                    listing.add(packet.getStat());
                }
                case PACKET_DATA -> {
                    int id = packet.getID();
                    String path = pending.get(id);
                    if (path == null) {
                        throw new AssertionError("DATA for a file not asked for: " + id);
                    }
                    ByteArrayOutputStream bytes = arriving.computeIfAbsent(id, i -> new ByteArrayOutputStream());
                    if (packet.getData().isEmpty()) {
                        content.put(path, bytes.toByteArray());
                        pending.remove(id);
                        arriving.remove(id);
                        if (pending.isEmpty()) {
                            finish(received, out);
                            finSent = true;
                        }
                    } else {
                        bytes.writeBytes(packet.getData().toByteArray());
                    }
                }
                case PACKET_FIN -> {
                    if (!finSent) {
                        throw new AssertionError("FIN from the sender before the receiver's");
                    }
                    out.onCompleted();
                }
                case PACKET_ERR -> {
                    error = packet.getData().toStringUtf8();
                    out.onCompleted();
                }
                default -> throw new AssertionError("unexpected packet " + packet);
            }
        }
    }

    /** Keeps what was listed, drops what was not (fsutil deletes it from its copy), and sends FIN. */
    private void finish(Map<String, Stat> received, StreamObserver<Packet> out) {
        kept.keySet().retainAll(received.keySet());
        content.keySet().retainAll(received.keySet());
        kept.putAll(received);
        out.onNext(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
    }

    /** fsutil's diff: content is never compared, only these. */
    private static boolean same(Stat old, Stat now) {
        return old != null && old.getSize() == now.getSize() && old.getModTime() == now.getModTime()
                && old.getMode() == now.getMode() && old.getUid() == now.getUid() && old.getGid() == now.getGid()
                && old.getLinkname().equals(now.getLinkname());
    }

    private static boolean isRegular(Stat stat) {
        return (stat.getMode() & 0xFFFFFE00) == 0; // no type bit among Go's os.FileMode bits
    }

    /** fsutil's validator: names increase within a directory, and every parent came before, as a directory. */
    private static void checkOrder(List<Stat> listing, Stat stat) {
        String path = stat.getPath();
        int slash = path.lastIndexOf('/');
        if (slash >= 0) {
            String parent = path.substring(0, slash);
            boolean parentListed = listing.stream().anyMatch(s -> s.getPath().equals(parent) && (s.getMode() & 0x80000000) != 0);
            if (!parentListed) {
                throw new AssertionError(path + " before its directory " + parent);
            }
        }
        if (!listing.isEmpty() && compareByComponents(listing.get(listing.size() - 1).getPath(), path) >= 0) {
            throw new AssertionError("changes out of order: " + path + " after " + listing.get(listing.size() - 1).getPath());
        }
    }

    /** Walk order: component by component, each compared as bytes. */
    private static int compareByComponents(String a, String b) {
        String[] left = a.split("/");
        String[] right = b.split("/");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int c = java.util.Arrays.compareUnsigned(left[i].getBytes(StandardCharsets.UTF_8),
                    right[i].getBytes(StandardCharsets.UTF_8));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.length, right.length);
    }
}
