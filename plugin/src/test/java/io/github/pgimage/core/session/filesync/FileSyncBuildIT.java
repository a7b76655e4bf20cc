package io.github.pgimage.core.session.filesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.github.pgimage.maven.ProgressText;
import io.github.pgimage.core.progress.ProgressEvent;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.ImageBuilder;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.buildkit.SampleProject;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.context.ContextEntry;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.session.BuildSession;
import io.github.pgimage.core.session.RegistryCredentials;
import io.github.pgimage.core.session.SecretStore;
import io.github.pgimage.core.session.filesync.FileSyncActivity.SentFile;

/**
 * Builds the sample project on the engine this machine provides with the context served over the session
 * ({@code POST /build?remote=client-session}), and counts what the engine asked for.
 */
class FileSyncBuildIT {

    private static final Instant MTIME = Instant.parse("1980-01-01T00:00:00Z");

    private static EngineEndpoint endpoint;
    private static EngineGateway engine;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() throws Exception {
        endpoint = EngineLocator.forThisProcess().locate(null);
        engine = EngineGateway.connect(endpoint);
    }

    @AfterAll
    static void disconnect() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void coldBuildSendsEveryFileAnEditSendsOnlyThatFileAndANoOpSendsNothing() throws Exception {
        SampleProject project = SampleProject.cold(work);
        Path root = work.resolve("sample");
        String tag = "pgimage-it-i12fs/filesync:latest";

        Build cold = build(root, tag);
        assertTrue(cold.result.steps().stream().noneMatch(Step::cached), cold.result.steps().toString());
        assertEquals(8, cold.totals.filesListed(), cold.sent.toString());
        assertEquals(8, distinctFiles(cold.sent).size(), cold.sent.toString());
        assertEquals(Files.size(root.resolve("Dockerfile")) + contentBytes(root, "setup", "config", "entrypoint.sh",
                "entrypoint.d"), distinctFiles(cold.sent).values().stream().mapToLong(Long::longValue).sum());

        // Same size, other content: only the content stamp in the mtime tells the engine the file changed
        project.write("entrypoint.d/scripts/20-configure.sh", "#!/bin/sh\necho \"20: CONFIGURING\"\n");
        Build edited = build(root, tag);

        List<Step> rerun = edited.result.steps().stream().filter(s -> !s.cached()).toList();
        assertEquals(1, rerun.size(), edited.result.steps().toString());
        assertTrue(rerun.get(0).name().contains("COPY entrypoint.d/scripts/"), rerun.toString());
        assertEquals(List.of(new SentFile("context", "entrypoint.d/scripts/20-configure.sh", 33)), contextOnly(edited.sent));
        if (dockerfileSent(edited.sent)[0] == 0) {
            assertEquals("sent 1 file, 33 bytes of 8 files", edited.totals.describe());
        }

        Build noop = build(root, tag);
        assertTrue(noop.result.steps().stream().allMatch(Step::cached), noop.result.steps().toString());
        assertEquals(List.of(), contextOnly(noop.sent));
        assertEquals(8, noop.totals.filesListed());
    }

    private record Build(BuildResult result, FileSyncActivity.Totals totals, List<SentFile> sent) {
    }

    /**
     * Every file sent once, whichever directory asked for it: Engine 20.10's BuildKit takes the Dockerfile with the
     * context, newer ones only through the {@code dockerfile} directory.
     */
    private static java.util.Map<String, Long> distinctFiles(List<SentFile> sent) {
        java.util.Map<String, Long> files = new java.util.TreeMap<>();
        sent.forEach(f -> files.put(f.path(), f.bytes()));
        return files;
    }

    /**
     * The files sent of the {@code context} directory. BuildKit since v0.10 fetches the one-file {@code dockerfile}
     * directory whole on every build (it does not diff it); Engine 20.10's BuildKit diffs it like the context.
     */
    private static List<SentFile> contextOnly(List<SentFile> sent) {
        return sent.stream().filter(f -> f.directory().equals("context")).toList();
    }

    /** Files and bytes of the {@code dockerfile} directory that were sent (see {@link #contextOnly}). */
    private static long[] dockerfileSent(List<SentFile> sent) {
        List<SentFile> dockerfile = sent.stream().filter(f -> f.directory().equals("dockerfile")).toList();
        return new long[]{dockerfile.size(), dockerfile.stream().mapToLong(SentFile::bytes).sum()};
    }

    private Build build(Path root, String tag) throws Exception {
        FileSyncService files = FileSyncService.forContext(entries(root), MTIME, root);
        try (BuildSession session = BuildSession.open(engine, SecretStore.empty(), RegistryCredentials.none(), files)) {
            BuildResult result = new ImageBuilder(engine, new Echo()).build(BuildRequest.builder(() -> {
                throw new IOException("the context travels over the session");
            }).tag(ImageReference.parse(tag)).sessionId(session.id()).contextInSession(true).build());
            System.out.println("[build] Context: " + files.activity().totals().describe());
            return new Build(result, files.activity().totals(), files.activity().sentFiles());
        }
    }

    private static List<ContextEntry> entries(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(file -> {
                String path = root.relativize(file).toString();
                return ContextEntry.file(path, file, path.endsWith(".sh"));
            }).toList();
        }
    }

    private static long contentBytes(Path root, String... paths) throws IOException {
        long total = 0;
        for (String path : paths) {
            try (Stream<Path> walk = Files.walk(root.resolve(path))) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    total += Files.size(file);
                }
            }
        }
        return total;
    }

    private static final class Echo implements ProgressListener {
        @Override
        public void on(ProgressEvent event) {
            if (ProgressText.level(event) != ProgressEvent.Level.DEBUG) {
                System.out.println("[build] " + ProgressText.level(event) + " " + ProgressText.of(event));
            }
        }
    }
}
