package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepTrackerTest {
    private static final List<String> STEP_PREFIXES = List.of(
            "[setup 2/4] RUN --mount=type=bind,source=setup/scripts/01-base.sh,",
            "[setup 3/4] RUN --mount=type=bind,source=setup/scripts/02-users.sh,",
            "[setup 4/4] RUN --mount=type=bind,source=setup/scripts/03-install-postgresql.sh,",
            "[runtime 1/3] COPY config/ /opt/pgimage/config/",
            "[runtime 2/3] COPY entrypoint.sh /opt/pgimage/entrypoint.sh",
            "[runtime 3/3] COPY entrypoint.d/scripts/ /opt/pgimage/entrypoint.d/scripts/");

    /** The same builds recorded on Engine 20.10 (BuildKit 0.8) and on Engine 26.1 (suffix "-engine26"). */
    @ParameterizedTest
    @ValueSource(strings = {"", "-engine26"})
    void coldBuildRunsEveryStepAndTimesIt(String engine) {
        RecordedTraces.Lines lines = new RecordedTraces.Lines();
        List<Step> steps = RecordedTraces.track("cold-build" + engine + ".jsonl", lines).steps();

        assertStepNames(steps);
        assertTrue(steps.stream().noneMatch(Step::cached), steps.toString());
        // every setup script sleeps one second
        steps.subList(0, 3).forEach(step -> assertTrue(step.durationMillis() >= 1000, step.toString()));
        assertEquals(List.of("setup", "setup", "setup", "runtime", "runtime", "runtime"),
                steps.stream().map(Step::stage).toList());
        assertTrue(steps.get(0).output().contains("01: preparing the base"), steps.get(0).output().toString());
        // one line when a step starts, one when it is done; internal vertices stay out of the info level
        assertTrue(lines.lines.contains("INFO [setup 4/4] RUN sh /tmp/pgimage/03-install-postgresql.sh"), lines.lines.toString());
        assertTrue(lines.lines.stream().anyMatch(l -> l.matches(
                "INFO \\[setup 4/4] RUN sh /tmp/pgimage/03-install-postgresql\\.sh DONE \\d+\\.\\ds")), lines.lines.toString());
        assertEquals(12, lines.lines.size(), lines.lines.toString());
    }

    /** The same builds recorded on Engine 20.10 (BuildKit 0.8) and on Engine 26.1 (suffix "-engine26"). */
    @ParameterizedTest
    @ValueSource(strings = {"", "-engine26"})
    void cachedRebuildReportsEveryStepCachedInZeroTime(String engine) {
        RecordedTraces.Lines lines = new RecordedTraces.Lines();
        List<Step> steps = RecordedTraces.track("cached-rebuild" + engine + ".jsonl", lines).steps();

        assertStepNames(steps);
        assertTrue(steps.stream().allMatch(s -> s.cached() && s.durationMillis() == 0), steps.toString());
        assertEquals(6, lines.lines.size(), lines.lines.toString());
        assertTrue(lines.lines.stream().allMatch(l -> l.startsWith("INFO [") && l.endsWith(" CACHED")), lines.lines.toString());
    }

    /** The same builds recorded on Engine 20.10 (BuildKit 0.8) and on Engine 26.1 (suffix "-engine26"). */
    @ParameterizedTest
    @ValueSource(strings = {"", "-engine26"})
    void failingRunNamesTheStepAndKeepsItsLastThirtyLines(String engine) {
        RecordedTraces.Lines lines = new RecordedTraces.Lines();
        StepTracker tracker = RecordedTraces.track("failing-run" + engine + ".jsonl", lines);

        Step failed = tracker.failure().orElseThrow();
        assertTrue(failed.name().startsWith(STEP_PREFIXES.get(2)), failed.name());
        assertTrue(failed.error().endsWith("exit code: 3"), failed.error());
        List<String> expected = new java.util.ArrayList<>(
                IntStream.rangeClosed(12, 40).mapToObj(i -> "03: output line " + i).toList());
        expected.add("03: cannot install postgresql");
        assertEquals(expected, failed.output());
        // 01 and 02 did not change since the cached rebuild
        List<Step> steps = tracker.steps();
        assertTrue(steps.get(0).cached() && steps.get(1).cached(), steps.toString());
        assertTrue(lines.lines.stream().anyMatch(l -> l.startsWith(
                "ERROR [setup 4/4] RUN sh /tmp/pgimage/03-install-postgresql.sh ERROR: ")), lines.lines.toString());

        BuildFailedException e = new BuildFailedException("engine message", failed);
        assertTrue(e.getMessage().startsWith("The image build failed at [setup 4/4] RUN sh /tmp/pgimage/03-install-postgresql.sh: "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("  03: output line 40\n  03: cannot install postgresql"), e.getMessage());
    }

    @Test
    void verticesAreMergedByDigestAndOutputChunksJoinedIntoLines() {
        RecordedTraces.Lines lines = new RecordedTraces.Lines();
        StepTracker tracker = new StepTracker(lines);
        String name = "[2/3] RUN echo grüße";
        tracker.accept(new StatusUpdate(List.of(vertex("sha256:a", name, at(10, 0), null, "")), List.of(), List.of()));
        byte[] text = "first line\ngrüße\n".getBytes(StandardCharsets.UTF_8);
        int split = "first line\ngr".length() + 1; // inside the two bytes of 'ü'
        tracker.accept(new StatusUpdate(List.of(),
                List.of(new StatusUpdate.LogChunk("sha256:a", java.util.Arrays.copyOfRange(text, 0, split))), List.of()));
        tracker.accept(new StatusUpdate(
                // re-sent without a name: the name must survive the merge
                List.of(vertex("sha256:a", "", at(10, 0), at(12, 500_000_000), "")),
                List.of(new StatusUpdate.LogChunk("sha256:a", java.util.Arrays.copyOfRange(text, split, text.length)),
                        new StatusUpdate.LogChunk("sha256:a", "50%\r100%".getBytes(StandardCharsets.UTF_8))),
                List.of(new StatusUpdate.WarningNote("sha256:a", "legacy syntax"))));

        Step step = tracker.steps().get(0);
        assertEquals(name, step.name());
        assertNull(step.stage());
        assertFalse(step.cached());
        assertEquals(2500, step.durationMillis());
        assertEquals(List.of("first line", "grüße", "100%"), step.output());
        assertEquals(List.of("INFO " + name, "WARN WARNING: legacy syntax (" + name + ")", "INFO " + name + " DONE 2.5s"),
                lines.lines);
        assertTrue(tracker.failure().isEmpty());
    }

    @Test
    void theFirstRealErrorWinsOverCancelledSiblings() {
        StepTracker tracker = new StepTracker(ProgressListener.SILENT);
        tracker.accept(new StatusUpdate(List.of(
                vertex("sha256:a", "[a 2/2] RUN sleep 9", at(1, 0), at(2, 0), "context canceled"),
                vertex("sha256:b", "[b 2/2] RUN false", at(1, 0), at(2, 0), "exit code: 1")), List.of(), List.of()));

        assertEquals("[b 2/2] RUN false", tracker.failure().orElseThrow().name());
    }

    private static void assertStepNames(List<Step> steps) {
        assertEquals(STEP_PREFIXES.size(), steps.size(), steps.toString());
        for (int i = 0; i < steps.size(); i++) {
            assertTrue(steps.get(i).name().startsWith(STEP_PREFIXES.get(i)), steps.get(i).name());
        }
    }

    private static Instant at(long seconds, int nanos) {
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static StatusUpdate.VertexUpdate vertex(String digest, String name, Instant started, Instant completed,
                                                    String error) {
        return new StatusUpdate.VertexUpdate(digest, List.of(), name, false, started, completed, error);
    }
}
