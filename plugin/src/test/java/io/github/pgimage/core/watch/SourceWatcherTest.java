package io.github.pgimage.core.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits below a source directory, as watch sees them: bursts count once, files outside the layout not at all. */
class SourceWatcherTest {
    /** A thread per wait: the common pool may have a single thread on a small machine. */
    private static final Executor OWN_THREAD = task -> new Thread(task, "source-watcher-test").start();

    @TempDir
    Path project;

    @Test
    void aBurstOfEditsIsOneChangeNamingEveryFile() throws Exception {
        Path scripts = Files.createDirectories(project.resolve("entrypoint.d/scripts"));
        Files.createDirectories(project.resolve("setup/scripts"));
        try (SourceWatcher watcher = new SourceWatcher(project, Duration.ofMillis(300))) {
            CompletableFuture<Set<String>> change = CompletableFuture.supplyAsync(() -> await(watcher), OWN_THREAD);

            // an editor's save: a new file, then a rewrite of it, then a second file
            Files.writeString(scripts.resolve("10-a.sh"), "#!/bin/sh\n");
            Files.writeString(scripts.resolve("10-a.sh"), "#!/bin/sh\necho a\n");
            Files.writeString(project.resolve("setup/scripts/01-b.sh"), "#!/bin/sh\n");

            assertEquals(Set.of("entrypoint.d/scripts/10-a.sh", "setup/scripts/01-b.sh"), change.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void filesOutsideTheLayoutAndEditorNoiseAreNoChange() throws Exception {
        Files.createDirectories(project.resolve("config"));
        try (SourceWatcher watcher = new SourceWatcher(project, Duration.ofMillis(200))) {
            CompletableFuture<Set<String>> change = CompletableFuture.supplyAsync(() -> await(watcher), OWN_THREAD);

            Files.writeString(project.resolve("pom.xml"), "<project/>");
            Files.writeString(project.resolve("config/.postgresql.conf.swp"), "x");
            Thread.sleep(500);
            Files.writeString(project.resolve("config/postgresql.conf"), "fsync = off\n");

            assertEquals(Set.of("config/postgresql.conf"), change.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFolderCreatedLaterIsWatchedToo() throws Exception {
        try (SourceWatcher watcher = new SourceWatcher(project, Duration.ofMillis(200))) {
            CompletableFuture<Set<String>> first = CompletableFuture.supplyAsync(() -> await(watcher), OWN_THREAD);
            Files.createDirectories(project.resolve("entrypoint.d/lib"));
            Set<String> created = first.get(10, TimeUnit.SECONDS);
            assertTrue(created.contains("entrypoint.d"), created.toString());
            Thread.sleep(500); // the lib folder's own creation event, when it came apart from its parent's

            // saved again until seen, as an editor would: on a loaded machine the new folder's watch may lag
            Set<String> changed = Set.of();
            for (int save = 1; save <= 10 && !changed.contains("entrypoint.d/lib/log.sh"); save++) {
                CompletableFuture<Set<String>> next = CompletableFuture.supplyAsync(() -> await(watcher), OWN_THREAD);
                Files.writeString(project.resolve("entrypoint.d/lib/log.sh"), "log() { echo \"$@\"; } # " + save + "\n");
                changed = next.get(30, TimeUnit.SECONDS);
            }
            assertTrue(changed.contains("entrypoint.d/lib/log.sh"), changed.toString());
        }
    }

    private static Set<String> await(SourceWatcher watcher) {
        try {
            return watcher.awaitChange();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
