package io.github.pgimage.core.context;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of the build context: where it goes in the tar and where its bytes come from (a file on disk, streamed,
 * or generated content such as the Dockerfile), or a symbolic link sent as a link (its target resolves in the
 * image, as {@code docker build} sends links).
 *
 * @param linkTarget the target of a symbolic link entry, else null
 */
public record ContextEntry(String path, Path source, byte[] content, int mode, String linkTarget)
        implements Comparable<ContextEntry> {

    /** The mode tar and BuildKit give a symbolic link; its target's mode is what counts. */
    public static final int LINK_MODE = 0777;

    public ContextEntry {
        Objects.requireNonNull(path, "path");
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + path + " is not a file mode");
        }
        int origins = (source == null ? 0 : 1) + (content == null ? 0 : 1) + (linkTarget == null ? 0 : 1);
        if (origins != 1) {
            throw new IllegalArgumentException("exactly one of source, content and link target must be given for " + path);
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

    /** A file on disk: 0755 when {@code executable}, else 0644. */
    public static ContextEntry file(String path, Path source, boolean executable) {
        return new ContextEntry(path, source, null, executable ? 0755 : 0644, null);
    }

    /** A file on disk with the given mode: the checkout's own, or one the user declared (a private key: 0600). */
    public static ContextEntry file(String path, Path source, int mode) {
        return new ContextEntry(path, source, null, mode, null);
    }

    public static ContextEntry generated(String path, byte[] content, boolean executable) {
        return new ContextEntry(path, null, content.clone(), executable ? 0755 : 0644, null);
    }

    /** A symbolic link, sent as a link: {@code target} is resolved where the entry lands, in the image. */
    public static ContextEntry link(String path, String target) {
        if (target.isEmpty() || target.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the link " + path + " has no usable target");
        }
        return new ContextEntry(path, null, null, LINK_MODE, target);
    }

    public boolean isLink() {
        return linkTarget != null;
    }

    public boolean executable() {
        return !isLink() && (mode & 0111) != 0;
    }

    @Override
    public int compareTo(ContextEntry other) {
        return path.compareTo(other.path);
    }
}
