package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.progress.ProgressListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * Buildah's stream as Podman 4.3 sent it (recorded with curl from {@code POST /v1.41/build} for
 * {@code buildah/Dockerfile}: a first build with a build secret, the same build again, then with an edited file and
 * a failing last step), read into the same steps and lines as BuildKit's traces.
 */
class BuildahProgressTest {

    private static BuildahProgress read(String recording, ProgressListener listener) throws IOException {
        AtomicLong nanos = new AtomicLong();
        BuildahProgress progress = new BuildahProgress(listener, () -> nanos.addAndGet(250_000_000));
        try (InputStream in = BuildahProgressTest.class.getResourceAsStream("/buildah/" + recording)) {
            new TraceDecoder().decode(in, progress::accept);
        }
        return progress;
    }

    @Test
    void aFirstBuildRunsEveryStepInItsStage() throws IOException {
        RecordedTraces.Lines lines = new RecordedTraces.Lines();
        BuildahProgress progress = read("first-build.jsonl", lines);

        List<Step> steps = progress.steps();
        assertEquals(List.of("[setup 2/4] RUN echo hello from setup && sleep 1", "[setup 3/4] COPY a.txt /a.txt",
                "[setup 4/4] RUN --mount=type=secret,id=tok,required=true wc -c /run/secrets/tok",
                "[runtime 2/3] RUN cat /a.txt"), steps.stream().map(Step::name).toList());
        assertTrue(steps.stream().noneMatch(Step::cached));
        assertEquals("runtime", steps.get(3).stage());
        assertEquals(List.of("6 /run/secrets/tok"), steps.get(2).output());
        assertTrue(lines.lines.contains("INFO [setup 2/4] RUN echo hello from setup && sleep 1"), lines.lines.toString());
        assertTrue(lines.lines.contains("INFO [setup 4/4] RUN wc -c /run/secrets/tok DONE 0.3s"), lines.lines.toString());
        assertTrue(progress.failure().isEmpty());
    }

    @Test
    void usingCacheMarksAStepCached() throws IOException {
        RecordedTraces.Lines lines = new RecordedTraces.Lines();
        BuildahProgress progress = read("cached-build.jsonl", lines);

        assertEquals(4, progress.steps().size());
        assertTrue(progress.steps().stream().allMatch(Step::cached));
        assertTrue(lines.lines.contains("INFO [runtime 2/3] RUN cat /a.txt CACHED"), lines.lines.toString());
        assertFalse(lines.lines.stream().anyMatch(line -> line.contains("DONE")), lines.lines.toString());
    }

    @Test
    void aFailingStepKeepsItsOutputAndTheEnginesMessage() throws IOException {
        RecordedTraces.Lines lines = new RecordedTraces.Lines();
        BuildahProgress progress = read("failing-step.jsonl", lines);

        Step failed = progress.failure().orElseThrow();
        assertEquals("[runtime 4/4] RUN echo failing output line; exit 3", failed.name());
        assertEquals(List.of("failing output line"), failed.output());
        assertTrue(failed.error().contains("exit status 3"), failed.error());
        // the edit reran from the COPY on; the step before it came from the cache
        assertEquals(List.of(true, false, false, false),
                progress.steps().stream().map(Step::cached).toList());
        assertTrue(lines.lines.stream().anyMatch(line -> line.startsWith("ERROR [runtime 4/4] RUN echo failing")),
                lines.lines.toString());
    }

    @Test
    void saysWhatTheBuildIsBusyWith() throws IOException {
        BuildahProgress progress = new BuildahProgress(ProgressListener.SILENT);
        assertTrue(progress.waitingFor().startsWith("Podman to start the build"));
        progress.accept(new EngineMessage.Output("[1/2] STEP 2/4: RUN sleep 100\n"));
        assertEquals("[2/4] RUN sleep 100 to finish", progress.waitingFor());
    }
}
