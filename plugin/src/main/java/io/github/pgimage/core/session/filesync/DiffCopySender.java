package io.github.pgimage.core.session.filesync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.google.protobuf.ByteString;

import io.github.pgimage.core.context.ContextEntry;
import io.github.pgimage.core.context.ContextException;
import io.github.pgimage.core.session.filesync.proto.Packet;
import io.github.pgimage.core.session.filesync.proto.Packet.PacketType;
import io.github.pgimage.core.session.filesync.proto.Stat;

/**
 * The sending side of one fsutil transfer (one DiffCopy call): lists the filtered tree as STAT packets, then
 * answers each REQ with the file's content in DATA chunks and an empty DATA, until the receiver's FIN. Runs on a
 * thread of its own ({@link #run()}); what the receiver sends arrives through {@link #received} from the call's
 * thread, so that waiting for the receiver to take more data never holds up its requests.
 *
 * <p>Every problem on this side (a file vanished, changed while it was being sent, cannot be read) goes to the
 * receiver as one ERR packet with a message naming the file, and ends the call.
 */
final class DiffCopySender implements Runnable {

    /** fsutil sends 32 KiB; larger chunks mean fewer messages, still far below gRPC's 4 MiB message limit. */
    static final int CHUNK = 64 * 1024;

    /** Go's os.ModeDir. */
    static final int MODE_DIR = 0x80000000;
    static final int DIRECTORY_PERMISSIONS = 0755;
    /** Go's os.ModeSymlink. */
    static final int MODE_SYMLINK = 0x08000000;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final String directoryName;
    private final SyncedDirectory directory;
    private final PathFilter filter;
    private final PacketLink link;
    private final FileSyncActivity activity;
    private final BlockingQueue<Inbound> inbound = new LinkedBlockingQueue<>();
    /** Listed files not yet sent, by the index of their STAT; only the sender's thread touches it. */
    private final Map<Integer, Listed> listed = new HashMap<>();

    private record Listed(ContextEntry file, ContentStamp stamp) {
    }

    /** A packet from the receiver, or the end of what it sends (half-close or cancel). */
    private record Inbound(Packet packet, boolean closed, boolean cancelled) {
    }

    DiffCopySender(String directoryName, SyncedDirectory directory, PathFilter filter, PacketLink link,
                   FileSyncActivity activity) {
        this.directoryName = directoryName;
        this.directory = directory;
        this.filter = filter;
        this.link = link;
        this.activity = activity;
    }

    /** A packet from the receiver; called on the call's thread. */
    void received(Packet packet) {
        inbound.add(new Inbound(packet, false, false));
    }

    /** The receiver will send nothing more. */
    void receiverClosed() {
        inbound.add(new Inbound(null, true, false));
    }

    /** The call was cancelled: stop at the next packet. */
    void cancel() {
        inbound.add(new Inbound(null, false, true));
    }

    @Override
    public void run() {
        try {
            list();
            serve();
        } catch (PacketLink.TransferCancelled e) {
            // the engine ended the call (build cancelled or failed elsewhere): nothing to tell it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            link.finish("the plugin stopped the file transfer");
        } catch (ContextException e) {
            fail(e.getMessage());
        } catch (RuntimeException e) {
            fail("sending " + directoryName + " failed: " + e);
        }
    }

    /** One STAT per listed directory and file, then an empty STAT; a file's index is its STAT's position. */
    private void list() throws InterruptedException {
        long mtimeNanos = directory.mtime().getEpochSecond() * NANOS_PER_SECOND;
        List<SyncedDirectory.Node> nodes = directory.list(filter);
        int id = 0;
        for (SyncedDirectory.Node node : nodes) {
            Stat.Builder stat = Stat.newBuilder().setPath(node.path()).setUid(0).setGid(0);
            if (node.isDirectory()) {
                stat.setMode(MODE_DIR | DIRECTORY_PERMISSIONS).setModTime(mtimeNanos);
            } else if (node.file().isLink()) {
                // Listed with its target, never asked for: BuildKit makes the link itself
                stat.setMode(MODE_SYMLINK | node.file().mode()).setLinkname(node.file().linkTarget())
                        .setModTime(mtimeNanos);
                activity.listed();
            } else {
                ContentStamp stamp = directory.stamp(node.file());
                stat.setMode(node.file().mode()).setSize(stamp.size()).setModTime(mtimeNanos + stamp.nanos());
                listed.put(id, new Listed(node.file(), stamp));
                activity.listed();
            }
            link.send(Packet.newBuilder().setType(PacketType.PACKET_STAT).setStat(stat).build());
            id++;
            if (!inbound.isEmpty() && endedByReceiver()) {
                return;
            }
        }
        link.send(Packet.newBuilder().setType(PacketType.PACKET_STAT).build());
    }

    /** An ERR or cancel that arrived while listing: no point in hashing the rest. */
    private boolean endedByReceiver() {
        Inbound next = inbound.peek();
        return next != null && (next.cancelled()
                || (next.packet() != null && next.packet().getType() == PacketType.PACKET_ERR));
    }

    private void serve() throws InterruptedException {
        while (true) {
            Inbound next = inbound.take();
            if (next.cancelled()) {
                throw new PacketLink.TransferCancelled();
            }
            if (next.closed()) {
                // fsutil's receiver always ends with FIN; a bare half-close means it gave up: end quietly
                link.finish(null);
                return;
            }
            Packet packet = next.packet();
            switch (packet.getType()) {
                case PACKET_REQ -> send(packet.getID());
                case PACKET_FIN -> {
                    link.send(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
                    link.finish(null);
                    return;
                }
                case PACKET_ERR -> {
                    String message = "error from receiver: " + packet.getData().toStringUtf8();
                    activity.failed(message);
                    link.finish(message);
                    return;
                }
                default -> throw new IllegalStateException("the engine sent an unexpected " + packet.getType()
                        + " packet while asking for files");
            }
        }
    }

    private void send(int id) throws InterruptedException {
        Listed file = listed.remove(id);
        if (file == null) {
            throw new IllegalStateException("the engine asked for file " + Integer.toUnsignedString(id)
                    + " of " + directoryName + ", which was not listed as a file or was sent already");
        }
        ContextEntry entry = file.file();
        if (entry.content() != null) {
            byte[] content = entry.content();
            for (int offset = 0; offset < content.length; offset += CHUNK) {
                sendData(id, ByteString.copyFrom(content, offset, Math.min(CHUNK, content.length - offset)));
            }
        } else {
            sendFile(id, entry, file.stamp());
        }
        link.send(Packet.newBuilder().setType(PacketType.PACKET_DATA).setID(id).build());
        activity.sent(directoryName, entry.path(), file.stamp().size());
    }

    /** Streams the file through one buffer and checks that it is still what its STAT said. */
    private void sendFile(int id, ContextEntry entry, ContentStamp listedAs) throws InterruptedException {
        MessageDigest digest = ContentStamp.newDigest();
        byte[] buffer = new byte[CHUNK];
        long size = 0;
        try (SeekableByteChannel channel = Files.newByteChannel(entry.source())) {
            ByteBuffer chunk = ByteBuffer.wrap(buffer);
            while (true) {
                chunk.clear();
                int n = channel.read(chunk);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                size += n;
                if (size > listedAs.size()) {
                    throw changed(entry, listedAs.size() + " bytes when listed, more now");
                }
                digest.update(buffer, 0, n);
                sendData(id, ByteString.copyFrom(buffer, 0, n));
            }
        } catch (NoSuchFileException e) {
            throw ContentStamp.vanished(entry, e);
        } catch (IOException e) {
            throw ContentStamp.unreadable(entry, e);
        }
        if (!listedAs.sameContent(new ContentStamp(size, digest.digest()))) {
            throw changed(entry, size == listedAs.size() ? "same size, other content"
                    : listedAs.size() + " bytes when listed, " + size + " bytes now");
        }
    }

    private void sendData(int id, ByteString data) throws InterruptedException {
        link.send(Packet.newBuilder().setType(PacketType.PACKET_DATA).setID(id).setData(data).build());
    }

    private static ContextException changed(ContextEntry entry, String how) {
        return new ContextException(entry.source() + " changed while it was being sent to the engine as context entry "
                + entry.path() + " (" + how + "); build again once it is saved", entry.source());
    }

    private void fail(String message) {
        activity.failed(message);
        try {
            link.send(Packet.newBuilder().setType(PacketType.PACKET_ERR)
                    .setData(ByteString.copyFrom(message, StandardCharsets.UTF_8)).build());
        } catch (PacketLink.TransferCancelled e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.finish(message);
    }
}
