package io.github.pgimage.core.session.filesync;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.pgimage.core.context.ContentDigest;
import io.github.pgimage.core.context.ContextEntry;
import io.github.pgimage.core.context.ContextException;

/**
 * One directory the session serves over FileSync (the engine names it {@code context} or {@code dockerfile}):
 * the planned context entries, laid out as the tree the context tar describes. Directories are implied by the
 * files' paths, get mode 0755, and are listed only when something listed lies below them; files keep their
 * entry's mode, links are listed as links; every entry is owned by uid/gid 0 and carries the fixed mtime.
 * Immutable; file contents are read only when listed (unless the context tar's digests are known) and when asked for.
 */
public final class SyncedDirectory {

    private final List<ContextEntry> files;
    private final Instant mtime;
    private final Map<String, ContentDigest> digests;

    private SyncedDirectory(List<ContextEntry> files, Instant mtime, Map<String, ContentDigest> digests) {
        this.files = files;
        this.mtime = mtime;
        this.digests = digests;
    }

    /**
     * @param mtime the context tar's mtime ({@code SOURCE_DATE_EPOCH} or the default); sub-seconds are dropped
     * @throws ContextException two entries have the same path, or one's path is another's directory
     */
    public static SyncedDirectory of(Collection<ContextEntry> entries, Instant mtime) {
        return of(entries, mtime, Map.of());
    }

    /** @param digests known contents by path (the context tar's), listed without reading the files again */
    public static SyncedDirectory of(Collection<ContextEntry> entries, Instant mtime, Map<String, ContentDigest> digests) {
        List<ContextEntry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> WireOrder.INSTANCE.compare(a.path(), b.path()));
        Set<String> paths = new HashSet<>();
        Set<String> directories = new HashSet<>();
        for (ContextEntry file : sorted) {
            if (!paths.add(file.path())) {
                throw new ContextException("two context entries have the path " + file.path(), file.source());
            }
            directories.addAll(parents(file.path()));
        }
        for (ContextEntry file : sorted) {
            if (directories.contains(file.path())) {
                throw new ContextException("context path " + file.path()
                        + " is a file and also the directory of other entries", file.source());
            }
        }
        return new SyncedDirectory(List.copyOf(sorted), mtime.truncatedTo(ChronoUnit.SECONDS), Map.copyOf(digests));
    }

    /** Every file of the tree, in wire order. */
    public List<ContextEntry> files() {
        return files;
    }

    Instant mtime() {
        return mtime;
    }

    /** What a file is listed by: its known digest, else its content read now. */
    ContentStamp stamp(ContextEntry file) {
        ContentDigest known = digests.get(file.path());
        return known != null ? new ContentStamp(known.size(), known.sha256()) : ContentStamp.of(file);
    }

    /** What a DiffCopy with this filter lists, in wire order: each directory right before its contents. */
    List<Node> list(PathFilter filter) {
        List<Node> listing = new ArrayList<>();
        Set<String> listedDirectories = new HashSet<>();
        for (ContextEntry file : files) {
            if (!filter.lists(file.path())) {
                continue;
            }
            for (String directory : parents(file.path())) {
                if (listedDirectories.add(directory)) {
                    listing.add(new Node(directory, null));
                }
            }
            listing.add(new Node(file.path(), file));
        }
        return listing;
    }

    /** {@code a/b/c} has the parents {@code a} and {@code a/b}, outermost first. */
    private static List<String> parents(String path) {
        List<String> parents = new ArrayList<>();
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            parents.add(path.substring(0, slash));
        }
        return parents;
    }

    /** A listed directory ({@code file == null}) or file. */
    record Node(String path, ContextEntry file) {
        boolean isDirectory() {
            return file == null;
        }
    }
}
