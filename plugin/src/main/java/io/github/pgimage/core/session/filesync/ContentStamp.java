package io.github.pgimage.core.session.filesync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import io.github.pgimage.core.context.ContextEntry;
import io.github.pgimage.core.context.ContextException;
import io.github.pgimage.core.files.IoReason;

/**
 * What a served file's listing says about its content: its size and its SHA-256.
 *
 * <p>fsutil's receiver asks for a file only when its size, mtime, mode, owner or link target differ from the
 * copy it kept from the last transfer; it never looks at content. With one fixed mtime for every file (as in
 * the context tar), an edit that keeps the size would go unnoticed and the engine would build the old script.
 * So the listed mtime is the fixed one in whole seconds plus a sub-second part taken from the content
 * ({@link #nanos()}): unchanged files keep their stat and are never asked for, an edited one is. Image layers
 * keep whole seconds only (the engine truncates mtimes when it writes a layer), so the image's files carry
 * the same mtime as when built from the tar; BuildKit's cache keys ignore mtimes altogether.
 */
record ContentStamp(long size, byte[] sha256) {

    private static final int BUFFER = 64 * 1024;

    ContentStamp {
        sha256 = sha256.clone();
    }

    /** 0 to 999,999,999, from the first eight bytes of the digest. */
    int nanos() {
        long head = 0;
        for (int i = 0; i < 8; i++) {
            head = (head << 8) | (sha256[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(head, 1_000_000_000L);
    }

    boolean sameContent(ContentStamp other) {
        return size == other.size && Arrays.equals(sha256, other.sha256);
    }

    /**
     * Reads the entry's content once, through a small buffer.
     *
     * @throws ContextException the source file vanished, is not a regular file or cannot be read
     */
    static ContentStamp of(ContextEntry entry) {
        MessageDigest digest = newDigest();
        if (entry.content() != null) {
            return new ContentStamp(entry.content().length, digest.digest(entry.content()));
        }
        requireRegularFile(entry);
        long size = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(entry.source())) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            throw vanished(entry, e);
        } catch (IOException e) {
            throw unreadable(entry, e);
        }
        return new ContentStamp(size, digest.digest());
    }

    static void requireRegularFile(ContextEntry entry) {
        BasicFileAttributes attributes;
        try {
            // follows links: a link inside the project is served as the file it points to, as in the tar
            attributes = Files.readAttributes(entry.source(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw vanished(entry, e);
        } catch (IOException e) {
            throw unreadable(entry, e);
        }
        if (!attributes.isRegularFile()) {
            throw new ContextException(entry.source() + " is not a regular file (context entry " + entry.path() + ")",
                    entry.source());
        }
    }

    static ContextException vanished(ContextEntry entry, IOException cause) {
        return new ContextException(entry.source() + " vanished before it could be sent to the engine as context entry "
                + entry.path() + "; restore it, or build again if it was removed on purpose", entry.source(), cause);
    }

    static ContextException unreadable(ContextEntry entry, IOException cause) {
        return new ContextException("cannot read " + entry.source() + " (context entry " + entry.path() + "): "
                + IoReason.of(cause), entry.source(), cause);
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
