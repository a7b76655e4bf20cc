package io.github.pgimage.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.dockerfile.DockerfileGenerator;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.plan.CacheHistory;
import io.github.pgimage.core.plan.CacheInvalidation;
import io.github.pgimage.core.plan.CacheRule;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.plan.PlannedStep;

/**
 * Steps as the engine names them ({@code [stage i/n]} and the instruction, continuation lines joined) are matched to
 * the plan, get their reasons, and the report keeps the state the next build reads back.
 */
class RerunReasonsTest {

    @TempDir
    Path out;

    @Test
    void theStepsThatRanGetTheirReasonsAndTheStateIsKeptForTheNextBuild() throws Exception {
        ImagePlan plan = new ImagePlanner().plan(
                Path.of(getClass().getClassLoader().getResource("projects/cache-rules").toURI()),
                ImageSettings.builder().invalidation(new CacheInvalidation(List.of(CacheRule.every("03", "P7D")),
                        Instant.parse("2026-11-30T12:00:00Z"), Map.of())).build());
        List<BuildReport.StepEntry> steps = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            // BuildKit joins the continuation lines with the indentation left in place.
            String name = "[" + plan.steps().get(i).stage() + " " + (i + 2) + "/x] "
                    + DockerfileGenerator.instruction(plan.steps().get(i), plan).replace("\\\n", "");
            steps.add(new BuildReport.StepEntry(name, plan.steps().get(i).stage(), i < 2, 10));
        }
        BuildReport fresh = new BuildReport("pg:1", "sha256:id", "sha256:ctx", new BuildReport.Engine("docker", "20.10", "1.41"),
                100, steps, steps.size(), 2, 0.286);
        CacheHistory current = CacheHistory.of(plan);
        Map<String, String> lastWeek = new HashMap<>(current.arguments());
        lastWeek.put("setup/scripts/03-install-postgresql.sh", "P7D.2968");

        BuildReport explained = RerunReasons.explain(plan, fresh, new CacheHistory(lastWeek, current.files()), current,
                false, null);
        assertNull(explained.steps().get(0).reason(), "a cached step has no reason");
        assertEquals("cache rule on setup/scripts/03-install-postgresql.sh: every P7D, a new period began",
                explained.steps().get(2).reason());
        assertEquals("follows setup/scripts/03-install-postgresql.sh, which reran", explained.steps().get(3).reason());

        new ReportWriter().write(out, explained);
        CacheHistory readBack = RerunReasons.previous(out.resolve(ReportWriter.REPORT_FILE));
        assertEquals(current, readBack);
    }

    @Test
    void aReportWithoutStateGivesNothingToCompareWith() throws Exception {
        assertNull(RerunReasons.previous(out.resolve("missing.json")));
        java.nio.file.Files.writeString(out.resolve("old.json"), "{\"image\":\"pg:1\",\"steps\":[]}");
        assertNull(RerunReasons.previous(out.resolve("old.json")));
        java.nio.file.Files.writeString(out.resolve("failed-first.json"), "{\"image\":\"pg:1\",\"inputs\":{}}");
        assertNull(RerunReasons.previous(out.resolve("failed-first.json")), "a failed first build leaves no state");
    }

    /**
     * A failed build's steps get their reasons too, but the report keeps the last finished build's state: the next
     * build compares with that, as it would had the failed build not been reported.
     */
    @Test
    void aFailedBuildIsExplainedAndKeepsThePreviousState() throws Exception {
        ImagePlan plan = new ImagePlanner().plan(
                Path.of(getClass().getClassLoader().getResource("projects/cache-rules").toURI()),
                ImageSettings.builder().build());
        String first = "[setup 2/x] " + DockerfileGenerator.instruction(plan.steps().get(0), plan).replace("\\\n", "");
        io.github.pgimage.core.buildkit.Step failedStep = new io.github.pgimage.core.buildkit.Step(first, "setup", false,
                40, "exit code: 1", List.of("password=hunter2", "<b>no</b>"));
        BuildReport failed = BuildReport.ofFailure("pg:1", "sha256:ctx", new EngineVersion("20.10.24", "1.41"), null,
                new BuildFailedException("unused", failedStep), 900, line -> line.replace("hunter2", "****"));
        CacheHistory current = CacheHistory.of(plan);
        String script = ((PlannedStep.RunScript) plan.steps().get(0)).script().path();
        Map<String, String> before = new HashMap<>(current.files());
        before.put(script, "sha256:older");
        CacheHistory previous = new CacheHistory(current.arguments(), before);

        BuildReport explained = RerunReasons.explainFailure(plan, failed, previous, false, null);

        assertEquals(1, explained.steps().size(), "the failed step is listed, though the engine sent no finished steps");
        assertEquals("edited " + script, explained.steps().get(0).reason());
        assertEquals(previous.files(), explained.inputs(), "the previous build's state is kept");
        assertEquals(new BuildReport.Failure(first, "exit code: 1", List.of("password=****", "<b>no</b>")),
                explained.failed(), "output is masked as the log is, and kept as the engine sent it otherwise");
        assertNull(explained.imageId());
        assertEquals(0, RerunReasons.explainFailure(plan, failed, null, false, null).inputs().size(),
                "a failed first build keeps no state");
    }
}
