package io.github.pgimage.core.session.content;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A content store over an {@link OciLayout} folder, as containerd's content API sees one: blobs by digest, and
 * writes ("ingests") by a ref that BuildKit picks. An ingest is written to a file of its own under
 * {@code ingest/} in the folder and becomes a blob only on commit, after its size and digest were checked, by one
 * rename; a failed or cancelled export leaves no partial blob, and the blobs and {@code index.json} already there
 * untouched. The ingests of this store are removed when it is {@link #close() closed}.
 *
 * <p>Errors are gRPC statuses with containerd's codes: {@code NOT_FOUND}, {@code ALREADY_EXISTS} (the blob is there:
 * the writer skips it), {@code OUT_OF_RANGE} (a write not at the ingest's end), {@code FAILED_PRECONDITION}
 * (a size or digest that does not match at commit), {@code UNAVAILABLE} (the ref is being written by another stream).
 */
public final class LayoutContentStore implements AutoCloseable {
    private final OciLayout layout;
    private final Path ingests;
    private final Map<String, Ingest> open = new ConcurrentHashMap<>();

    /** What a blob is, as {@code Info} answers. */
    public record BlobInfo(String digest, long size, Instant modified) {
    }

    /** Where an ingest stands, as {@code Status} and the write stream answer. */
    public record IngestStatus(String ref, long offset, long total, String expected, Instant started, Instant updated,
                               String digest) {
    }

    /**
     * @param layout the folder; {@code blobs/sha256} and {@code ingest/} are made under it as needed
     */
    public LayoutContentStore(OciLayout layout) {
        this.layout = layout;
        this.ingests = layout.root().resolve("ingest").resolve("pgimage-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()));
    }

    public OciLayout layout() {
        return layout;
    }

    public BlobInfo info(String digest) {
        Path blob = blobOf(digest);
        try {
            return new BlobInfo(digest, Files.size(blob), Files.getLastModifiedTime(blob).toInstant());
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot read " + blob + ": " + e.getMessage()).asRuntimeException();
        }
    }

    /** Every blob of the folder. */
    public List<BlobInfo> list() {
        Path blobs = layout.root().resolve("blobs").resolve("sha256");
        if (!Files.isDirectory(blobs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(blobs)) {
            List<BlobInfo> infos = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                String digest = "sha256:" + file.getFileName();
                if (OciLayout.isDigest(digest)) {
                    infos.add(info(digest));
                }
            }
            return infos;
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot list " + blobs + ": " + e.getMessage()).asRuntimeException();
        }
    }

    public void delete(String digest) {
        try {
            if (!Files.deleteIfExists(blobOf(digest))) {
                throw notFound(digest);
            }
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot delete " + digest + ": " + e.getMessage()).asRuntimeException();
        }
    }

    /**
     * Hands {@code size} bytes of the blob from {@code offset} to {@code chunks}, in pieces of at most
     * {@code chunkSize}; {@code size} 0 or less reads to the end, {@code offset} 0 or less from the start.
     */
    public void read(String digest, long offset, long size, int chunkSize, ChunkConsumer chunks) {
        long length = info(digest).size();
        long from = Math.max(0, offset);
        if (from > length) {
            throw Status.OUT_OF_RANGE.withDescription("read past object length " + length + " bytes").asRuntimeException();
        }
        long remaining = size <= 0 || from + size > length ? length - from : size;
        try (FileChannel channel = FileChannel.open(blobOf(digest), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(chunkSize, Math.max(remaining, 1)));
            long position = from;
            while (remaining > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw Status.DATA_LOSS.withDescription(digest + " ended early").asRuntimeException();
                }
                byte[] data = new byte[n];
                buffer.flip().get(data);
                chunks.accept(position, data);
                position += n;
                remaining -= n;
            }
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot read " + digest + ": " + e.getMessage()).asRuntimeException();
        }
    }

    /** Receives the pieces of a {@link #read}: where each starts in the blob, and its bytes. */
    @FunctionalInterface
    public interface ChunkConsumer {
        void accept(long offset, byte[] data);
    }

    /**
     * Begins or resumes the ingest {@code ref}: one writer at a time per ref (a second gets {@code UNAVAILABLE});
     * what an earlier writer of the same ref left is kept, and its offset says where to go on.
     *
     * @param total    the size expected at commit, or 0 for unknown
     * @param expected the digest expected at commit, or empty; a blob with it already stored ends the write with
     *                 {@code ALREADY_EXISTS}
     */
    public Writer writer(String ref, long total, String expected) {
        if (ref == null || ref.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("first message must have a reference").asRuntimeException();
        }
        Ingest ingest = open.computeIfAbsent(ref, Ingest::new);
        synchronized (ingest) {
            if (ingest.locked) {
                throw Status.UNAVAILABLE.withDescription("ref " + ref + " locked").asRuntimeException();
            }
            ingest.locked = true;
        }
        Writer writer = new Writer(ingest);
        try {
            writer.expect(total, expected);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    public IngestStatus status(String ref) {
        Ingest ingest = open.get(ref);
        if (ingest == null) {
            throw Status.NOT_FOUND.withDescription("no ingest for ref " + ref).asRuntimeException();
        }
        synchronized (ingest) {
            return ingest.status();
        }
    }

    public List<IngestStatus> statuses() {
        List<IngestStatus> all = new ArrayList<>();
        for (Ingest ingest : open.values()) {
            synchronized (ingest) {
                all.add(ingest.status());
            }
        }
        all.sort(Comparator.comparing(IngestStatus::ref));
        return all;
    }

    /** Drops the ingest {@code ref} and what it wrote. */
    public void abort(String ref) {
        Ingest ingest = open.remove(ref);
        if (ingest == null) {
            throw Status.NOT_FOUND.withDescription("no ingest for ref " + ref).asRuntimeException();
        }
        synchronized (ingest) {
            ingest.discard();
        }
    }

    /** One write stream's hold on an ingest; {@link #close()} lets another stream take the ref. */
    public final class Writer implements AutoCloseable {
        private final Ingest ingest;
        private boolean closed;

        private Writer(Ingest ingest) {
            this.ingest = ingest;
        }

        /** Records the expected size and digest; {@code ALREADY_EXISTS} (and the ingest dropped) if that blob is stored. */
        public void expect(long total, String expected) {
            synchronized (ingest) {
                if (total > 0) {
                    ingest.total = total;
                }
                if (expected != null && !expected.isEmpty()) {
                    ingest.expected = expected;
                    if (OciLayout.isDigest(expected) && Files.exists(layout.blob(expected))) {
                        open.remove(ingest.ref, ingest);
                        ingest.discard();
                        throw Status.ALREADY_EXISTS.withDescription("blob with expected digest " + expected + " exists")
                                .asRuntimeException();
                    }
                }
            }
        }

        public IngestStatus status() {
            synchronized (ingest) {
                return ingest.status();
            }
        }

        /**
         * Appends {@code data} at {@code offset}, which must be the ingest's end ({@code OUT_OF_RANGE} otherwise);
         * offset 0 on an ingest that has data starts it over.
         */
        public IngestStatus write(long offset, byte[] data) {
            synchronized (ingest) {
                if (offset > 0 && offset != ingest.offset) {
                    throw Status.OUT_OF_RANGE.withDescription("write @" + offset + " must occur at current offset "
                            + ingest.offset).asRuntimeException();
                }
                if (offset == 0 && ingest.offset > 0) {
                    ingest.restart();
                }
                ingest.append(data);
                return ingest.status();
            }
        }

        /**
         * Makes the ingest a blob: its size must be {@code total} (when given, else the one expected before), its
         * digest {@code expected} (likewise); the blob appears in one rename. {@code ALREADY_EXISTS} when another
         * writer stored the same blob first.
         */
        public IngestStatus commit(long total, String expected) {
            synchronized (ingest) {
                long size = total > 0 ? total : ingest.total;
                String digest = ingest.digest();
                String wanted = expected != null && !expected.isEmpty() ? expected : ingest.expected;
                if (size > 0 && ingest.offset != size) {
                    throw Status.FAILED_PRECONDITION.withDescription("unexpected commit size " + ingest.offset
                            + ", expected " + size).asRuntimeException();
                }
                if (wanted != null && !wanted.isEmpty() && !wanted.equals(digest)) {
                    throw Status.FAILED_PRECONDITION.withDescription("unexpected commit digest " + digest
                            + ", expected " + wanted).asRuntimeException();
                }
                IngestStatus status = ingest.status();
                Path blob = layout.blob(digest);
                try {
                    ingest.close();
                    Files.createDirectories(blob.getParent());
                    if (Files.exists(blob)) {
                        throw Status.ALREADY_EXISTS.withDescription("content " + digest + " exists").asRuntimeException();
                    }
                    try {
                        Files.move(ingest.data, blob, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(ingest.data, blob); // the ingest is inside the folder; this is not expected
                    }
                } catch (FileAlreadyExistsException e) {
                    throw Status.ALREADY_EXISTS.withDescription("content " + digest + " exists").asRuntimeException();
                } catch (IOException e) {
                    throw Status.INTERNAL.withDescription("cannot store " + digest + " in " + layout.root() + ": "
                            + e.getMessage()).asRuntimeException();
                } finally {
                    open.remove(ingest.ref, ingest);
                    ingest.discard();
                }
                return status;
            }
        }

        @Override
        public void close() {
            synchronized (ingest) {
                if (!closed) {
                    closed = true;
                    ingest.locked = false;
                }
            }
        }
    }

    /** Removes what unfinished ingests wrote. */
    @Override
    public void close() {
        open.values().forEach(ingest -> {
            synchronized (ingest) {
                ingest.discard();
            }
        });
        open.clear();
        deleteQuietly(ingests);
        deleteQuietly(ingests.getParent()); // only when no other writer's ingests are left in it
    }

    private Path blobOf(String digest) {
        if (!OciLayout.isDigest(digest)) {
            throw Status.INVALID_ARGUMENT.withDescription("\"" + digest + "\" failed validation: not a sha256 digest")
                    .asRuntimeException();
        }
        return layout.blob(digest);
    }

    private static StatusRuntimeException notFound(String digest) {
        return Status.NOT_FOUND.withDescription("content digest " + digest + ": not found").asRuntimeException();
    }

    private static void deleteQuietly(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // not empty, or gone: nothing of this store's is left either way
        }
    }

    /** The file an ingest writes, and the running digest of what it holds. */
    private final class Ingest {
        final String ref;
        final Path data;
        final Instant started = Instant.now();
        Instant updated = started;
        long offset;
        long total;
        String expected = "";
        boolean locked;
        MessageDigest sha256 = newDigest();
        FileChannel out;

        Ingest(String ref) {
            this.ref = ref;
            this.data = ingests.resolve(HexFormat.of().formatHex(newDigest().digest(
                    ref.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        }

        void append(byte[] bytes) {
            if (bytes.length == 0) {
                return;
            }
            try {
                if (out == null) {
                    Files.createDirectories(ingests);
                    out = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND);
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("cannot write into " + layout.root() + ": " + e.getMessage())
                        .asRuntimeException();
            }
            sha256.update(bytes);
            offset += bytes.length;
            updated = Instant.now();
        }

        void restart() {
            discard();
            sha256 = newDigest();
            offset = 0;
        }

        String digest() {
            try {
                MessageDigest copy = (MessageDigest) sha256.clone();
                return "sha256:" + HexFormat.of().formatHex(copy.digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }

        IngestStatus status() {
            return new IngestStatus(ref, offset, total, expected, started, updated, digest());
        }

        void close() throws IOException {
            if (out != null) {
                out.force(true); // on disk before the rename makes it a blob
                out.close();
                out = null;
            }
        }

        void discard() {
            try {
                close();
            } catch (IOException e) {
                // the file goes anyway
            }
            try {
                Files.deleteIfExists(data);
            } catch (IOException e) {
                // removed with the ingest folder on close, or left for the user to see
            }
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
