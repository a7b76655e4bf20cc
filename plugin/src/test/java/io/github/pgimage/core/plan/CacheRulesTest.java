package io.github.pgimage.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * What invalidates what, beyond file edits: cache rules (a period, a value), a rebuild from a step, and why each
 * step that ran was not cached. On the reference project {@code cache-rules}: 01..05 setup scripts, one runtime
 * script.
 */
class CacheRulesTest {

    private static final Instant MONDAY = Instant.parse("2026-11-30T12:00:00Z");
    private static final CacheRule WEEKLY_03 = CacheRule.every("03", "P7D");

    @Test
    void aPeriodRuleChangesItsStepsArgumentOnlyWhenANewPeriodBegins() {
        String now = argumentOf3(MONDAY);
        assertEquals("PGIMAGE_CACHE_03_INSTALL_POSTGRESQL=P7D.2969", now);
        // Periods count from 1970-01-01, a Thursday: the week turns over on Wednesday night.
        assertEquals(now, argumentOf3(Instant.parse("2026-12-02T23:59:59Z")));
        assertEquals("PGIMAGE_CACHE_03_INSTALL_POSTGRESQL=P7D.2970", argumentOf3(Instant.parse("2026-12-03T00:00:00Z")));
    }

    @Test
    void aValueRuleCarriesTheValuesHashNeverTheValue() {
        CacheInvalidation inv = new CacheInvalidation(List.of(CacheRule.onValue("04", "secret-key-v2")), MONDAY, Map.of());
        String arg = CacheBoundary.argumentFor(script("setup/scripts/04-extensions.sh"), inv).orElseThrow();
        assertTrue(arg.matches("PGIMAGE_CACHE_04_EXTENSIONS=v\\.[0-9a-f]{16}"), arg);
        assertTrue(!arg.contains("secret"), arg);
        CacheInvalidation other = new CacheInvalidation(List.of(CacheRule.onValue("04", "secret-key-v3")), MONDAY, Map.of());
        assertTrue(!arg.equals(CacheBoundary.argumentFor(script("setup/scripts/04-extensions.sh"), other).orElseThrow()));
    }

    @Test
    void aRuleRerunsItsStepAndTheOnesAfterItOnly() {
        ImagePlan plan = plan(new CacheInvalidation(List.of(WEEKLY_03), MONDAY, Map.of()));
        List<PlannedStep> rerun = plan.cacheBoundary().rebuiltByRule(WEEKLY_03);
        assertEquals(plan.steps().subList(2, plan.steps().size()), rerun);
    }

    @Test
    void stepsAreNamedByNumberOrFileNameAndABadNameSaysWhichExist() {
        List<SetupScript> scripts = plan(CacheInvalidation.none()).cacheBoundary().scripts();
        assertEquals("setup/scripts/03-install-postgresql.sh", CacheBoundary.resolve("3", scripts).path());
        assertEquals("setup/scripts/04-extensions.sh", CacheBoundary.resolve("04-extensions", scripts).path());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CacheBoundary.resolve("07", scripts));
        assertTrue(e.getMessage().contains("'07' names no setup or builder script")
                && e.getMessage().contains("setup/scripts/05-cleanup.sh"), e.getMessage());
    }

    @Test
    void aRuleForAMissingStepOrWithABadPeriodIsAProjectProblem() throws URISyntaxException {
        InvalidProjectException e = assertThrows(InvalidProjectException.class, () -> plan(new CacheInvalidation(
                List.of(CacheRule.every("09", "P7D"), CacheRule.every("03", "weekly"), new CacheRule("04", null, null)),
                MONDAY, Map.of())));
        assertEquals(List.of("cache rule for '09'", "cache rule for '03'", "cache rule for '04'"),
                e.problems().stream().map(ProjectProblem::where).toList());
        assertTrue(e.problems().get(1).what().contains("not an ISO-8601 period"), e.problems().get(1).what());
    }

    @Test
    void theRebuildMarksRoundTripThroughTheImageLabel() {
        ImagePlan plan = plan(new CacheInvalidation(List.of(), MONDAY,
                Map.of("setup/scripts/04-extensions.sh", "20261130T120000Z-1a2b")));
        String label = plan.cacheBoundary().rebuiltLabel();
        assertEquals("setup/scripts/04-extensions.sh=20261130T120000Z-1a2b", label);
        assertEquals(Map.of("setup/scripts/04-extensions.sh", "20261130T120000Z-1a2b"), CacheBoundary.parseRebuiltLabel(label));
    }

    // ---- why a step ran ----

    @Test
    void eachStepThatRanSaysWhy() {
        ImagePlan plan = plan(new CacheInvalidation(List.of(WEEKLY_03), MONDAY, Map.of()));
        CacheHistory current = CacheHistory.of(plan);
        Map<String, String> arguments = new HashMap<>(current.arguments());
        arguments.put("setup/scripts/03-install-postgresql.sh", "P7D.2968");  // last week
        CacheHistory lastWeek = new CacheHistory(arguments, current.files());
        CacheBoundary boundary = plan.cacheBoundary();

        Map<Integer, String> reasons = boundary.reasons(new TreeSet<>(List.of(2, 3, 4, 5, 6)), lastWeek, current, false, null);
        assertEquals("cache rule on setup/scripts/03-install-postgresql.sh: every P7D, a new period began", reasons.get(2));
        assertEquals("follows setup/scripts/03-install-postgresql.sh, which reran", reasons.get(3));
        assertEquals("follows setup/scripts/03-install-postgresql.sh, which reran", reasons.get(6));
    }

    @Test
    void anEditedFileIsNamed() {
        ImagePlan plan = plan(CacheInvalidation.none());
        CacheHistory current = CacheHistory.of(plan);
        Map<String, String> files = new HashMap<>(current.files());
        files.put("entrypoint.d/scripts/10-start.sh", "sha256:before");
        Map<Integer, String> reasons = plan.cacheBoundary().reasons(new TreeSet<>(List.of(6)),
                new CacheHistory(current.arguments(), files), current, false, null);
        assertEquals("edited entrypoint.d/scripts/10-start.sh", reasons.get(6));
    }

    @Test
    void rebuildFromNoCacheAndAPlainCacheMissAreNamed() {
        ImagePlan plan = plan(CacheInvalidation.none());
        CacheHistory current = CacheHistory.of(plan);
        SetupScript s04 = script("setup/scripts/04-extensions.sh");
        CacheBoundary boundary = plan.cacheBoundary();
        assertEquals("rebuildFrom setup/scripts/04-extensions.sh",
                boundary.reasons(new TreeSet<>(List.of(3, 4)), current, current, false, s04).get(3));
        assertEquals("noCache", boundary.reasons(new TreeSet<>(List.of(0)), current, current, true, null).get(0));
        assertTrue(boundary.reasons(new TreeSet<>(List.of(0)), current, current, false, null).get(0)
                .startsWith("cache miss: the engine's cache did not have it"));
        assertEquals("cache miss (no earlier build report to compare with)",
                boundary.reasons(new TreeSet<>(List.of(0)), null, current, false, null).get(0));
    }

    private static String argumentOf3(Instant clock) {
        return CacheBoundary.argumentFor(script("setup/scripts/03-install-postgresql.sh"),
                new CacheInvalidation(List.of(WEEKLY_03), clock, Map.of())).orElseThrow();
    }

    private static SetupScript script(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new SetupScript(path, SetupScript.prefixOf(name).orElseThrow());
    }

    private static ImagePlan plan(CacheInvalidation invalidation) {
        try {
            Path project = Path.of(CacheRulesTest.class.getClassLoader().getResource("projects/cache-rules").toURI());
            return new ImagePlanner().plan(project, ImageSettings.builder().invalidation(invalidation).build());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
