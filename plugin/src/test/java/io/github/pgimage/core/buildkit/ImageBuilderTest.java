package io.github.pgimage.core.buildkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineRequestException;
import io.github.pgimage.core.engine.EngineRequestException;
import io.github.pgimage.core.engine.FakeEngine;

/** Decoding, tagging and cancelling of a build above the engine gateway, against a fake engine serving recorded streams. */
class ImageBuilderTest {
    private static final ContextSource NO_CONTEXT = InputStream::nullInputStream;

    private final FakeEngine engine = new FakeEngine();
    private final RecordedTraces.Lines lines = new RecordedTraces.Lines();

    @Test
    void aFinishedStreamTagsTheImageItNames() {
        engine.buildAnswers.add(recorded("cold-build.jsonl"));

        BuildResult result = builder().build(BuildRequest.builder(NO_CONTEXT).tag("acme/pg:16").tag("acme/pg:latest").build());

        assertTrue(result.imageId().startsWith("sha256:"), result.imageId());
        assertEquals(List.of("acme/pg:16", "acme/pg:latest"), result.tags());
        assertEquals(result.imageId(), engine.images.get("acme/pg:16"));
        assertEquals(result.imageId(), engine.images.get("acme/pg:latest"));
        assertFalse(result.steps().isEmpty());
    }

    @Test
    void aStreamThatStopsBeforeNamingTheImageIsAnEngineErrorAndTagsNothing() {
        byte[] whole = readAll("cold-build.jsonl");
        String text = new String(whole, StandardCharsets.UTF_8);
        // everything up to the last complete message before the image id
        byte[] aborted = text.substring(0, text.lastIndexOf("\n", text.indexOf("moby.image.id")) + 1)
                .getBytes(StandardCharsets.UTF_8);
        engine.buildAnswers.add(() -> new ByteArrayInputStream(aborted));

        EngineException e = assertThrows(EngineException.class,
                () -> builder().build(BuildRequest.builder(NO_CONTEXT).tag("acme/pg:16").build()));

        assertEquals("The engine ended the build without naming the image it built.", e.getMessage());
        assertEquals(List.of(), engine.calls("tag"));
    }

    @Test
    void aStreamCutInTheMiddleOfAMessageBreaksOffNamingTheEngine() {
        byte[] whole = readAll("cold-build.jsonl");
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        engine.buildAnswers.add(() -> new ByteArrayInputStream(cut));

        EngineException e = assertThrows(EngineException.class,
                () -> builder().build(BuildRequest.builder(NO_CONTEXT).tag("acme/pg:16").build()));

        assertTrue(e.getMessage().startsWith("The build on unix:///fake/docker.sock broke off: "), e.getMessage());
        assertFalse(e instanceof BuildFailedException);
        assertEquals(List.of(), engine.calls("tag"));
    }

    @Test
    void aFailingStepIsABuildFailureNamingTheStepAndItsOutput() {
        engine.buildAnswers.add(recorded("failing-run.jsonl"));

        BuildFailedException e = assertThrows(BuildFailedException.class,
                () -> builder().build(BuildRequest.builder(NO_CONTEXT).tag("acme/pg:16").build()));

        assertTrue(e.failedStep().isPresent(), e.getMessage());
        assertTrue(e.getMessage().startsWith("The image build failed at "), e.getMessage());
        assertEquals(List.of(), engine.calls("tag"));
    }

    @Test
    void aBuildTheEngineRefusesUpFrontIsABuildFailureWithTheEnginesWords() {
        engine.buildAnswers.add(() -> {
            throw new EngineRequestException("The engine refused the build", 400, "failed to parse target stage");
        });

        BuildFailedException e = assertThrows(BuildFailedException.class,
                () -> builder().build(BuildRequest.builder(NO_CONTEXT).target("nope").build()));

        assertEquals("The image build failed: the engine refused the build (HTTP 400): failed to parse target stage",
                e.getMessage());
    }

    @Test
    void anInterruptCancelsTheBuildOnTheEngineAndMovesNoTag() throws Exception {
        engine.buildAnswers.add(engine.streamUntilCancelled());
        AtomicReference<Thread> caller = new AtomicReference<>();
        CompletableFuture<BuildResult> build = CompletableFuture.supplyAsync(() -> {
            caller.set(Thread.currentThread());
            return builder().build(BuildRequest.builder(NO_CONTEXT).tag("acme/pg:16").buildId("pgimage-test-1").build());
        });
        while (engine.calls("build").isEmpty()) {
            Thread.sleep(10);
        }

        caller.get().interrupt();

        ExecutionException e = assertThrows(ExecutionException.class, () -> build.get(30, TimeUnit.SECONDS));
        BuildCancelledException cancelled = assertInstanceOf(BuildCancelledException.class, e.getCause());
        assertEquals("The image build was interrupted and cancelled on the engine at unix:///fake/docker.sock"
                + " (build pgimage-test-1); no tag was changed.", cancelled.getMessage());
        assertEquals(List.of("cancelBuild pgimage-test-1"), engine.calls("cancelBuild"));
        assertEquals(List.of(), engine.calls("tag"));
        assertTrue(lines.lines.contains("WARN Cancelled build pgimage-test-1 on the engine at unix:///fake/docker.sock"),
                lines.lines.toString());
    }

    @Test
    void anEngineWithoutABuildCancelIsToldOnceAndTheRequestIsClosed() throws Exception {
        engine.cancelRefusal = new EngineRequestException("The engine did not cancel build pgimage-test-2", 404,
                "page not found");
        engine.buildAnswers.add(engine.streamUntilClosed());
        AtomicReference<Thread> caller = new AtomicReference<>();
        CompletableFuture<BuildResult> build = CompletableFuture.supplyAsync(() -> {
            caller.set(Thread.currentThread());
            return builder().build(BuildRequest.builder(NO_CONTEXT).tag("acme/pg:16").buildId("pgimage-test-2").build());
        });
        while (engine.calls("build").isEmpty()) {
            Thread.sleep(10);
        }

        caller.get().interrupt();

        ExecutionException e = assertThrows(ExecutionException.class, () -> build.get(30, TimeUnit.SECONDS));
        assertInstanceOf(BuildCancelledException.class, e.getCause());
        assertTrue(engine.closed.await(5, TimeUnit.SECONDS), "the build request was not closed");
        assertEquals(1, lines.lines.stream().filter(line -> line.contains("cannot cancel a build (HTTP 404")).count(),
                lines.lines.toString());
        assertEquals(List.of(), engine.calls("tag"));
    }

    @Test
    void aQuietEngineGetsALineNamingTheRunningStep() throws Exception {
        FakeEngine podman = new FakeEngine(new io.github.pgimage.core.engine.EngineVersion("4.3.1", "1.41",
                io.github.pgimage.core.engine.EngineKind.PODMAN));
        podman.buildAnswers.add(() -> new java.io.SequenceInputStream(
                FakeEngine.lines("{\"stream\":\"[1/2] STEP 2/3: RUN sleep 5\\n\"}").get(),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        try {
                            Thread.sleep(600);
                        } catch (InterruptedException ex) {
                            throw new IOException(ex);
                        }
                        return -1;
                    }
                }));
        ImageBuilder quiet = new ImageBuilder(podman, lines, java.time.Duration.ofMillis(200));
        assertThrows(io.github.pgimage.core.engine.EngineException.class,
                () -> quiet.build(BuildRequest.builder(NO_CONTEXT).tag("acme/pg:16").build()));
        assertTrue(lines.lines.stream().anyMatch(line -> line.contains("Still waiting")
                && line.contains("[2/3] RUN sleep 5 to finish")), lines.lines.toString());
    }

    private ImageBuilder builder() {
        return new ImageBuilder(engine, lines);
    }

    private static Supplier<InputStream> recorded(String name) {
        byte[] bytes = readAll(name);
        return () -> new ByteArrayInputStream(bytes);
    }

    private static byte[] readAll(String name) {
        try (InputStream in = RecordedTraces.open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
