package io.github.pgimage.core.context;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One regular file of the build context: where it goes in the tar and where its bytes come from
 * (a file on disk, streamed, or generated content such as the Dockerfile).
 */
public record ContextEntry(String path, Path source, byte[] content, int mode) implements Comparable<ContextEntry> {

    public ContextEntry {
        Objects.requireNonNull(path, "path");
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + path + " is not a file mode");
        }
        if ((source == null) == (content == null)) {
            throw new IllegalArgumentException("exactly one of source and content must be given for " + path);
        }
        if (path.startsWith("/") || path.contains("\\")) {
            throw new IllegalArgumentException("context paths are relative with '/' separators: " + path);
        }
        // One spelling per file, so that sorting and duplicate detection in the tar are exact
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("context paths are clean (no empty, '.' or '..' segments): "
                        + path);
            }
        }
    }

    /** Scripts 0755, everything else 0644, whatever the checkout says. */
    public static ContextEntry file(String path, Path source, boolean executable) {
        return new ContextEntry(path, source, null, executable ? 0755 : 0644);
    }

    /** A file whose mode the user declared (a private key: 0600), since Git keeps no modes but the exec bit. */
    public static ContextEntry file(String path, Path source, int mode) {
        return new ContextEntry(path, source, null, mode);
    }

    public static ContextEntry generated(String path, byte[] content, boolean executable) {
        return new ContextEntry(path, null, content.clone(), executable ? 0755 : 0644);
    }

    public boolean executable() {
        return (mode & 0111) != 0;
    }

    @Override
    public int compareTo(ContextEntry other) {
        return path.compareTo(other.path);
    }
}
