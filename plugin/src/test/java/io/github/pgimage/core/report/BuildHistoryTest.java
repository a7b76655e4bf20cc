package io.github.pgimage.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last builds of a module, for the page's trend: kept in order, bounded, and robust to a damaged entry. */
class BuildHistoryTest {
    @TempDir
    Path out;

    @Test
    void keepsTheLastTwentyBuildsOldestFirst() throws Exception {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        List<Map<String, Object>> kept = List.of();
        for (int i = 0; i < 25; i++) {
            kept = record(out, build(start.plusSeconds(60L * i), 1000 + i, i % 2 == 0));
        }

        assertEquals(BuildHistory.KEPT, kept.size());
        assertEquals(1005, number(kept.get(0), "durationMillis"), "the five oldest went");
        assertEquals(1024, number(kept.get(19), "durationMillis"), "this build last");
        try (var files = Files.list(out.resolve(BuildHistory.DIRECTORY))) {
            assertEquals(BuildHistory.KEPT, files.count(), "the files go with them");
        }
        assertEquals(kept, BuildHistory.read(out));
    }

    @Test
    void aBuildIsSummarizedForTheTrend() throws Exception {
        BuildReport failed = build(Instant.parse("2026-12-01T10:00:00Z"), 2500, true)
                .withFailure(new BuildReport.Failure("[setup 2/2] RUN x", "exit code: 1", List.of("boom")));

        Map<String, Object> entry = record(out, failed).get(0);

        assertEquals("2026-12-01T10:00:00Z", entry.get("finishedAt"));
        assertEquals(2500, number(entry, "durationMillis"));
        assertEquals(2, number(entry, "stepsTotal"));
        assertEquals(1, number(entry, "stepsCached"));
        assertEquals(0.5, ((Number) entry.get("cacheHitRate")).doubleValue());
        assertEquals(true, entry.get("failed"));
    }

    @Test
    void twoBuildsInTheSameMillisecondAreBothKeptInOrder() throws Exception {
        Instant same = Instant.parse("2026-12-01T10:00:00.123Z");
        record(out, build(same, 1, true));
        List<Map<String, Object>> kept = record(out, build(same, 2, true));

        assertEquals(List.of(1L, 2L), kept.stream().map(b -> number(b, "durationMillis")).toList());
    }

    @Test
    void aDamagedEntryIsLeftOutAndNoHistoryIsEmpty() throws Exception {
        assertTrue(BuildHistory.read(out).isEmpty());
        record(out, build(Instant.parse("2026-12-01T10:00:00Z"), 7, true));
        Files.writeString(out.resolve(BuildHistory.DIRECTORY).resolve("build-0000000000001-00.json"), "{not json");

        List<Map<String, Object>> kept = BuildHistory.read(out);

        assertEquals(1, kept.size());
        assertFalse(kept.get(0).isEmpty());
    }

    /** Writes the report as a build does (the history entry is staged with it) and reads the history back. */
    private static List<Map<String, Object>> record(Path out, BuildReport report) throws Exception {
        new ReportWriter().write(out, report);
        return BuildHistory.read(out);
    }

    private static long number(Map<String, Object> build, String field) {
        return ((Number) build.get(field)).longValue();
    }

    private static BuildReport build(Instant finished, long millis, boolean cachedSecond) {
        List<BuildReport.StepEntry> steps = List.of(new BuildReport.StepEntry("[setup 2/3] RUN a", "setup", false, millis),
                new BuildReport.StepEntry("[setup 3/3] RUN b", "setup", cachedSecond, 0));
        int cached = cachedSecond ? 1 : 0;
        return new BuildReport("pg:1", "sha256:id", "sha256:ctx", new BuildReport.Engine("docker", "20.10", "1.41"),
                millis, steps, 2, cached, BuildReport.hitRate(cached, 2)).withDetails(finished, null, List.of());
    }
}
