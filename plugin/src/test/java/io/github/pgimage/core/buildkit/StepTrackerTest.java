package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.progress.ProgressListener;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.github.pgimage.core.buildkit.proto.StatusResponse;
import io.github.pgimage.core.buildkit.proto.Vertex;
import io.github.pgimage.core.buildkit.proto.VertexLog;
import io.github.pgimage.core.buildkit.proto.VertexWarning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
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
        tracker.accept(StatusResponse.newBuilder()
                .addVertexes(Vertex.newBuilder().setDigest("sha256:a").setName(name).setStarted(at(10, 0)))
                .build());
        byte[] text = "first line\ngrüße\n".getBytes(StandardCharsets.UTF_8);
        int split = "first line\ngr".length() + 1; // inside the two bytes of 'ü'
        tracker.accept(StatusResponse.newBuilder()
                .addLogs(log("sha256:a", java.util.Arrays.copyOfRange(text, 0, split)))
                .build());
        tracker.accept(StatusResponse.newBuilder()
                .addLogs(log("sha256:a", java.util.Arrays.copyOfRange(text, split, text.length)))
                .addLogs(log("sha256:a", "50%\r100%".getBytes(StandardCharsets.UTF_8)))
                // re-sent without a name: the name must survive the merge
                .addVertexes(Vertex.newBuilder().setDigest("sha256:a").setStarted(at(10, 0)).setCompleted(at(12, 500_000_000)))
                .addWarnings(VertexWarning.newBuilder().setVertex("sha256:a").setShort(ByteString.copyFromUtf8("legacy syntax")))
                .build());

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
        tracker.accept(StatusResponse.newBuilder()
                .addVertexes(Vertex.newBuilder().setDigest("sha256:a").setName("[a 2/2] RUN sleep 9")
                        .setStarted(at(1, 0)).setCompleted(at(2, 0)).setError("context canceled"))
                .addVertexes(Vertex.newBuilder().setDigest("sha256:b").setName("[b 2/2] RUN false")
                        .setStarted(at(1, 0)).setCompleted(at(2, 0)).setError("exit code: 1"))
                .build());

        assertEquals("[b 2/2] RUN false", tracker.failure().orElseThrow().name());
    }

    private static void assertStepNames(List<Step> steps) {
        assertEquals(STEP_PREFIXES.size(), steps.size(), steps.toString());
        for (int i = 0; i < steps.size(); i++) {
            assertTrue(steps.get(i).name().startsWith(STEP_PREFIXES.get(i)), steps.get(i).name());
        }
    }

    private static Timestamp at(long seconds, int nanos) {
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    private static VertexLog log(String vertex, byte[] bytes) {
        return VertexLog.newBuilder().setVertex(vertex).setStream(1).setMsg(ByteString.copyFrom(bytes)).build();
    }
}
