package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.TestEngine;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.report.BuildReport;
import io.github.pgimage.core.report.ReportWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builds the sample project with BuildKit on the engine this machine provides (fails when none answers). */
class ImageBuilderIT {
    private static final String RUN_01 = "[setup 2/4] RUN sh /tmp/pgimage/01-base.sh";
    private static final String RUN_02 = "[setup 3/4] RUN sh /tmp/pgimage/02-users.sh";
    private static final String RUN_03 = "[setup 4/4] RUN sh /tmp/pgimage/03-install-postgresql.sh";
    private static final String COPY_SCRIPTS = "[runtime 3/3] COPY entrypoint.d/scripts/ /opt/pgimage/entrypoint.d/scripts/";

    private static EngineGateway engine;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() throws EngineException {
        engine = TestEngine.shared();
    }

    @Test
    void coldBuildThenARuntimeScriptEditRebuildsExactlyOneStep() throws Exception {
        SampleProject project = SampleProject.cold(work);
        String tag = "pgimage-it/runtime-edit:latest";

        BuildResult cold = build(project, tag, new RecordingListener());

        assertEquals(List.of(RUN_01, RUN_02, RUN_03, "[runtime 1/3] COPY config/ /opt/pgimage/config/",
                "[runtime 2/3] COPY entrypoint.sh /opt/pgimage/entrypoint.sh", COPY_SCRIPTS), displayNames(cold));
        assertTrue(cold.steps().stream().noneMatch(Step::cached), cold.steps().toString());
        assertTrue(cold.imageId().matches("sha256:[0-9a-f]{64}"), cold.imageId());
        assertEquals(Optional.of(cold.imageId()), engine.imageId(tag));
        assertEquals(engine.version(), cold.engine());

        Path report = new ReportWriter().write(work.resolve("out"), BuildReport.of(tag, "sha256:test", cold));
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals(6, json.get("stepsTotal").asInt());
        assertEquals(0, json.get("stepsCached").asInt());
        assertEquals(cold.imageId() + "\n", Files.readString(work.resolve("out/image.id")));

        project.write("entrypoint.d/scripts/20-configure.sh", "#!/bin/sh\necho \"20: configuring, edited\"\n");
        RecordingListener lines = new RecordingListener();
        long start = System.nanoTime();
        BuildResult edited = build(project, tag, lines);

        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 20, "a one-step rebuild takes seconds");
        List<Step> rebuilt = edited.steps().stream().filter(s -> !s.cached()).toList();
        assertEquals(List.of(COPY_SCRIPTS), displayNames(rebuilt), edited.steps().toString());
        assertEquals(5, edited.stepsCached());
        assertTrue(lines.lines.contains("INFO " + RUN_03 + " CACHED"), lines.lines.toString());
        assertNotEquals(cold.imageId(), edited.imageId());
        assertEquals(Optional.of(edited.imageId()), engine.imageId(tag));
    }

    @Test
    void editingSetupScript03RerunsItAndWhatFollowsButKeeps01And02Cached() throws Exception {
        SampleProject project = SampleProject.cold(work);
        String tag = "pgimage-it/setup-edit:latest";
        build(project, tag, new RecordingListener());

        project.append("setup/scripts/03-install-postgresql.sh", "echo '03: one more line'\n");
        BuildResult edited = build(project, tag, new RecordingListener());

        assertEquals(List.of(true, true, false, false, false, false),
                edited.steps().stream().map(Step::cached).toList(), edited.steps().toString());
        Step run03 = edited.steps().get(2);
        assertEquals(RUN_03, StepName.parse(run03.name()).orElseThrow().display());
        assertTrue(run03.durationMillis() >= 1000, run03.toString());
        assertTrue(run03.output().contains("03: one more line"), run03.output().toString());
    }

    @Test
    void aFailingSetupScriptFailsWithItsOutputAndLeavesTheTagAlone() throws Exception {
        SampleProject project = SampleProject.cold(work);
        String tag = "pgimage-it/failing:latest";
        BuildResult good = build(project, tag, new RecordingListener());

        project.write("setup/scripts/03-install-postgresql.sh", "#!/bin/sh\n"
                + "for i in $(seq 1 45); do echo \"03: progress $i\"; done\n"
                + "echo '03: E: Unable to locate package postgresql-99'\necho '03: giving up' >&2\nexit 100\n");
        RecordingListener lines = new RecordingListener();
        BuildFailedException e = assertThrows(BuildFailedException.class, () -> build(project, tag, lines));

        assertTrue(e.getMessage().startsWith("The image build failed at " + RUN_03 + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("exit code: 100"), e.getMessage());
        assertEquals(30, e.output().size(), e.output().toString());
        // 47 lines, the last 30 kept. The engine batches stdout and stderr separately (and may send
        // the stderr line first), so only the order within stdout is certain.
        List<String> stdout = e.output().stream().filter(line -> !line.equals("03: giving up")).toList();
        assertEquals("03: E: Unable to locate package postgresql-99", stdout.get(stdout.size() - 1), e.output().toString());
        assertEquals("03: progress 45", stdout.get(stdout.size() - 2));
        assertTrue(e.output().stream().noneMatch(line -> line.equals("03: progress 16")), e.output().toString());
        assertTrue(e.getMessage().contains("\n  03: E: Unable to locate package postgresql-99"), e.getMessage());
        assertTrue(lines.lines.stream().anyMatch(l -> l.startsWith("ERROR " + RUN_03 + " ERROR: ")), lines.lines.toString());
        assertEquals(Optional.of(good.imageId()), engine.imageId(tag));
    }

    @Test
    void interruptingTheBuildCancelsItOnTheEngine() throws Exception {
        SampleProject project = SampleProject.cold(work);
        project.write("setup/scripts/02-users.sh", "#!/bin/sh\necho '02: waiting'\nsleep 117\n");
        String tag = "pgimage-it/cancelled:latest";
        CountDownLatch sleeping = new CountDownLatch(1);
        RecordingListener lines = new RecordingListener(line -> {
            if (line.equals(RUN_02)) {
                sleeping.countDown();
            }
        });
        Thread[] builderThread = new Thread[1];
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            builderThread[0] = Thread.currentThread();
            try {
                build(project, tag, lines);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        assertTrue(sleeping.await(60, TimeUnit.SECONDS), "step 02 never started: " + lines.lines);
        assertTrue(waitFor(() -> sleepRunning(), 10), "the step's sleep never showed up as a process");

        long interruptedAt = System.nanoTime();
        builderThread[0].interrupt();
        Throwable thrown = outcome.get(60, TimeUnit.SECONDS);

        assertInstanceOf(BuildCancelledException.class, thrown);
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - interruptedAt) < 30);
        assertTrue(waitFor(() -> !sleepRunning(), 15), "the engine still runs the cancelled step");
        assertEquals(Optional.empty(), engine.imageId(tag));
    }

    private BuildResult build(SampleProject project, String tag, ProgressListener listener) throws EngineException {
        return new ImageBuilder(engine, listener).build(BuildRequest.builder(project.context()).tag(tag).build());
    }

    private static List<String> displayNames(BuildResult result) {
        return displayNames(result.steps());
    }

    private static List<String> displayNames(List<Step> steps) {
        return steps.stream().map(s -> StepName.parse(s.name()).orElseThrow().display()).toList();
    }

    /** The step runs in a container of the engine, but its processes are visible in this host's /proc. */
    private static boolean sleepRunning() {
        return ProcessHandle.allProcesses().anyMatch(p -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).equals("sleep\u0000117\u0000");
            } catch (java.io.IOException e) {
                return false; // the process ended meanwhile
            }
        });
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }
}
