package io.github.pgimage.core.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.github.pgimage.core.plan.ProjectLayout;

/**
 * Watches a source directory for edits of what the image is made of: the source directory itself (for
 * {@code entrypoint.sh}, {@code .dockerignore} and layout folders that appear) and every folder below it that the
 * layout reads, including folders created later. Editors write a file in several steps (a temporary file, a
 * rename, a second write), so a burst of events counts as one change: {@link #awaitChange} returns once the tree
 * has been quiet for a moment.
 */
public final class SourceWatcher implements AutoCloseable {
    private final Path root;
    private final WatchService watcher;
    private final Duration quiet;
    private final Map<WatchKey, Path> directories = new HashMap<>();

    /**
     * @param quiet how long no further event must arrive before a burst of events counts as one change
     */
    public SourceWatcher(Path root, Duration quiet) {
        this.root = root.toAbsolutePath().normalize();
        this.quiet = quiet;
        try {
            this.watcher = FileSystems.getDefault().newWatchService();
            register(this.root);
            for (String dir : ProjectLayout.DIRECTORIES) {
                registerTree(this.root.resolve(dir));
            }
            registerTree(this.root.resolve("setup"));
            registerTree(this.root.resolve("entrypoint.d"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + root, e);
        }
    }

    /**
     * Blocks until something below the source directory changed and the tree was then quiet for the quiet period.
     *
     * @return the changed paths, relative to the source directory, sorted
     */
    public Set<String> awaitChange() throws InterruptedException {
        Set<String> changed = new TreeSet<>();
        while (changed.isEmpty()) { // a burst of editor noise or of files outside the layout is no change
            WatchKey key = watcher.take();
            while (key != null) {
                collect(key, changed);
                key = watcher.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return changed;
    }

    private void collect(WatchKey key, Set<String> changed) {
        Path dir = directories.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW || dir == null) {
                changed.add(".");
                continue;
            }
            Path path = dir.resolve((Path) event.context());
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(path) && isWatched(path)) {
                // files written into it before its watch existed are changes too
                registerTree(path).forEach(file -> changed.add(root.relativize(file).toString().replace('\\', '/')));
            }
            String relative = root.relativize(path).toString().replace('\\', '/');
            if (isWatched(path) && !isEditorNoise(path.getFileName().toString())) {
                changed.add(relative);
            }
        }
        if (!key.reset()) {
            directories.remove(key);
        }
    }

    /** The layout's places: what sits directly in the root counts only when it is one of them. */
    private boolean isWatched(Path path) {
        Path relative = root.relativize(path);
        if (relative.getNameCount() == 0) {
            return false;
        }
        String first = relative.getName(0).toString();
        return first.equals("setup") || first.equals("entrypoint.d") || first.equals(ProjectLayout.CONFIG)
                || first.equals(ProjectLayout.ENTRYPOINT) || first.equals(ProjectLayout.DOCKERIGNORE);
    }

    /** Swap and backup files editors write beside the file being edited. */
    private static boolean isEditorNoise(String name) {
        return name.endsWith("~") || name.endsWith(".swp") || name.endsWith(".swx") || name.startsWith(".#")
                || name.equals("4913");
    }

    /**
     * Watches {@code start} and every folder below it; returns the files already there. Each folder is watched before
     * its entries are read, so a folder created meanwhile is either listed or reported by the new watch.
     */
    private List<Path> registerTree(Path start) {
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    register(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    files.add(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // removed while being listed: its deletion is an event of its own
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + start, e);
        }
        return files;
    }

    private void register(Path dir) throws IOException {
        directories.put(dir.register(watcher, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY), dir);
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing left to watch either way
        }
    }
}
