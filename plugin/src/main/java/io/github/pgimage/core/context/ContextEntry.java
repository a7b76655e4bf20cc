package io.github.pgimage.core.context;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One regular file of the build context: where it goes in the tar and where its bytes come from
 * (a file on disk, streamed, or generated content such as the Dockerfile).
 */
public record ContextEntry(String path, Path source, byte[] content, boolean executable) implements Comparable<ContextEntry> {

    public ContextEntry {
        Objects.requireNonNull(path, "path");
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

    public static ContextEntry file(String path, Path source, boolean executable) {
        return new ContextEntry(path, source, null, executable);
    }

    public static ContextEntry generated(String path, byte[] content, boolean executable) {
        return new ContextEntry(path, null, content.clone(), executable);
    }

    /** Tar mode of the entry: scripts 0755, everything else 0644, whatever the checkout says. */
    public int mode() {
        return executable ? 0755 : 0644;
    }

    @Override
    public int compareTo(ContextEntry other) {
        return path.compareTo(other.path);
    }
}
