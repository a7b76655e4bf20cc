package io.github.pgimage.core.context;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import io.github.pgimage.core.files.IoReason;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a build context as an uncompressed tar whose bytes depend only on the entries' paths, contents and
 * executable flags:
 * <ul>
 * <li>entries sorted by path, each parent directory emitted (0755) before anything below it;</li>
 * <li>one fixed mtime for every entry (the caller passes {@code SOURCE_DATE_EPOCH}, or
 *     {@link #DEFAULT_MTIME}), truncated to whole seconds;</li>
 * <li>uid/gid 0, empty user and group names, each file's mode from {@link ContextEntry#mode()} (which the caller
 *     takes from the checkout, as {@code docker build} does, or from a declaration);</li>
 * <li>symbolic link entries as links (mode 0777, the target as written), as {@code docker build} sends them;</li>
 * <li>POSIX (PAX) records for paths over 100 bytes, non-ASCII names and sizes over 8 GiB.</li>
 * </ul>
 * File contents are streamed through one small buffer, so memory does not grow with file sizes. The size written
 * in a header is checked against the bytes actually copied: a file that changes size meanwhile fails the write
 * with a {@link ContextException} rather than producing a corrupt tar.
 */
public final class ContextTarWriter {

    /** The mtime when {@code SOURCE_DATE_EPOCH} is not set: the DOS/ZIP epoch, the usual reproducible-build choice. */
    public static final Instant DEFAULT_MTIME = Instant.parse("1980-01-01T00:00:00Z");

    static final int DIRECTORY_MODE = 0755;
    private static final int BUFFER_SIZE = 64 * 1024;

    private final FileTime mtime;

    /** @param mtime the modification time of every entry; sub-second parts are dropped (they would add PAX records) */
    public ContextTarWriter(Instant mtime) {
        if (mtime.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("context mtime before 1970: " + mtime);
        }
        this.mtime = FileTime.from(mtime.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Writes the tar to {@code out}, which is flushed but not closed.
     *
     * @return {@code sha256:<hex>} of exactly the bytes written
     * @throws ContextException when an entry's source vanished, is not a regular file or changed size, or when
     *                          two entries claim the same path (or one entry's path is another's directory)
     * @throws IOException      when {@code out} fails
     */
    public String write(Collection<ContextEntry> entries, OutputStream out) throws IOException {
        return write(entries, out, null);
    }

    /**
     * As {@link #write(Collection, OutputStream)}, and puts each file's {@link ContentDigest} (by context path)
     * into {@code digests}, taken from the bytes as they go into the tar.
     */
    public String write(Collection<ContextEntry> entries, OutputStream out, Map<String, ContentDigest> digests)
            throws IOException {
        List<ContextEntry> files = new ArrayList<>(entries);
        files.sort(null);
        SortedSet<String> directories = directoriesOf(files);

        DigestOutputStream digesting = new DigestOutputStream(out, sha256());
        // The tar stream emits 512-byte records one call each; batch them for the digest and the sink
        BufferedOutputStream buffered = new BufferedOutputStream(digesting, BUFFER_SIZE);
        // Not closed: that would close the caller's stream; finish() writes the end-of-archive records
        TarArchiveOutputStream tar = new TarArchiveOutputStream(buffered, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);

        byte[] buffer = new byte[BUFFER_SIZE];
        Iterator<String> nextDirectory = directories.iterator();
        String directory = nextDirectory.hasNext() ? nextDirectory.next() : null;
        for (ContextEntry file : files) {
            // A directory sorts before everything below it ("a" < "a/b"), so one merge keeps parents first
            while (directory != null && directory.compareTo(file.path()) < 0) {
                writeDirectory(tar, directory);
                directory = nextDirectory.hasNext() ? nextDirectory.next() : null;
            }
            writeFile(tar, file, buffer, digests);
        }
        tar.finish();
        buffered.flush();
        return "sha256:" + HexFormat.of().formatHex(digesting.getMessageDigest().digest());
    }

    /** Every ancestor directory of the files; fails on a duplicate path or a path that is both file and directory. */
    private static SortedSet<String> directoriesOf(List<ContextEntry> sortedFiles) {
        SortedSet<String> directories = new TreeSet<>();
        String previous = null;
        for (ContextEntry file : sortedFiles) {
            if (file.path().equals(previous)) {
                throw new ContextException("two context entries have the path " + file.path(), file.source());
            }
            previous = file.path();
            for (int slash = file.path().indexOf('/'); slash >= 0; slash = file.path().indexOf('/', slash + 1)) {
                directories.add(file.path().substring(0, slash));
            }
        }
        for (ContextEntry file : sortedFiles) {
            if (directories.contains(file.path())) {
                throw new ContextException("context path " + file.path()
                        + " is a file and also the directory of other entries", file.source());
            }
        }
        return directories;
    }

    private void writeDirectory(TarArchiveOutputStream tar, String path) throws IOException {
        tar.putArchiveEntry(header(path + "/", DIRECTORY_MODE, 0));
        tar.closeArchiveEntry();
    }

    private void writeFile(TarArchiveOutputStream tar, ContextEntry file, byte[] buffer,
                           Map<String, ContentDigest> digests) throws IOException {
        if (file.isLink()) {
            // As docker build sends a link: type symlink, the target as written, no content
            TarArchiveEntry link = header(file.path(), file.mode(), 0, TarConstants.LF_SYMLINK);
            link.setLinkName(file.linkTarget());
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            return;
        }
        MessageDigest content = digests == null ? null : sha256();
        if (file.content() != null) {
            tar.putArchiveEntry(header(file.path(), file.mode(), file.content().length));
            tar.write(file.content());
            tar.closeArchiveEntry();
            if (content != null) {
                digests.put(file.path(), new ContentDigest(file.content().length, content.digest(file.content())));
            }
            return;
        }
        Path source = file.source();
        requireRegularFile(file);
        try (SeekableByteChannel channel = open(file)) {
            // The size comes from the open file, and is checked against what the copy actually reads
            long size = size(channel, file);
            tar.putArchiveEntry(header(file.path(), file.mode(), size));
            ByteBuffer chunk = ByteBuffer.wrap(buffer);
            long copied = 0;
            while (copied < size) {
                chunk.clear().limit((int) Math.min(buffer.length, size - copied));
                int n = read(channel, chunk, file);
                if (n < 0) {
                    throw new ContextException(source + " shrank while it was being added to the context as "
                            + file.path() + ": " + size + " bytes when its header was written, " + copied
                            + " bytes then", source);
                }
                tar.write(buffer, 0, n);
                if (content != null) {
                    content.update(buffer, 0, n);
                }
                copied += n;
            }
            chunk.clear().limit(1);
            if (read(channel, chunk, file) > 0) {
                throw new ContextException(source + " grew while it was being added to the context as "
                        + file.path() + ": more than the " + size + " bytes written in its header", source);
            }
            tar.closeArchiveEntry();
            if (content != null) {
                digests.put(file.path(), new ContentDigest(size, content.digest()));
            }
        }
    }

    /** A file's header, or a directory's (its name ends with '/', which gives it the directory type flag). */
    private TarArchiveEntry header(String name, int mode, long size) {
        return fill(new TarArchiveEntry(name), mode, size);
    }

    private TarArchiveEntry header(String name, int mode, long size, byte type) {
        return fill(new TarArchiveEntry(name, type), mode, size);
    }

    private TarArchiveEntry fill(TarArchiveEntry header, int mode, long size) {
        header.setMode(mode);
        header.setSize(size);
        header.setLastModifiedTime(mtime);
        header.setUserId(0);
        header.setGroupId(0);
        header.setUserName("");
        header.setGroupName("");
        return header;
    }

    private static void requireRegularFile(ContextEntry file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file.source(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw vanished(file, e);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (!attributes.isRegularFile()) {
            throw new ContextException(file.source() + " is not a regular file (context entry " + file.path() + ")",
                    file.source());
        }
    }

    private static SeekableByteChannel open(ContextEntry file) {
        try {
            return Files.newByteChannel(file.source());
        } catch (NoSuchFileException e) {
            throw vanished(file, e);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Reads from a source file; its failures are {@link ContextException}s, unlike those of the sink. */
    private static int read(SeekableByteChannel channel, ByteBuffer chunk, ContextEntry file) {
        try {
            return channel.read(chunk);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static long size(SeekableByteChannel channel, ContextEntry file) {
        try {
            return channel.size();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static ContextException unreadable(ContextEntry file, IOException cause) {
        return new ContextException("cannot read " + file.source() + " (context entry " + file.path() + "): "
                + IoReason.of(cause), file.source(), cause);
    }

    private static ContextException vanished(ContextEntry file, IOException cause) {
        return new ContextException(file.source() + " vanished before it could be added to the context as "
                + file.path(), file.source(), cause);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
