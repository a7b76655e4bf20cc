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

import io.github.pgimage.core.dockerfile.DockerfileGenerator;
import io.github.pgimage.core.plan.CacheHistory;
import io.github.pgimage.core.plan.CacheInvalidation;
import io.github.pgimage.core.plan.CacheRule;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

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
        BuildReport fresh = new BuildReport("pg:1", "sha256:id", "sha256:ctx", new BuildReport.Engine("20.10", "1.41"),
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
    }
}
