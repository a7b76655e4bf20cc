package io.github.pgimage.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What an edit of each kind of file reruns, on the full reference layout. */
class CacheBoundaryTest {

    private final ImagePlan plan = plan();

    @Test
    void anEditToOneRuntimeScriptRerunsOnlyTheLastCopy() {
        List<PlannedStep> rerun = plan.cacheBoundary().rebuiltBy("entrypoint.d/scripts/20-init-db.sh");
        assertEquals(1, rerun.size());
        assertEquals("entrypoint.d/scripts/", ((PlannedStep.CopyFiles) rerun.get(0)).source());
    }

    @Test
    void anEditToSetupScript03RerunsFrom03On() {
        List<PlannedStep> rerun = plan.cacheBoundary().rebuiltBy("setup/scripts/03-install-patroni.sh");
        assertEquals(plan.steps().subList(2, plan.steps().size()), rerun);
    }

    @Test
    void anEditToTheSetupLibRerunsEverySetupStep() {
        assertEquals(plan.steps(), plan.cacheBoundary().rebuiltBy("setup/lib/apt.sh"));
    }

    @Test
    void configurationIsCopiedBeforeUtilitiesEntrypointAndScripts() {
        List<String> sources = plan.cacheBoundary().volatileSteps().stream()
                .filter(s -> s instanceof PlannedStep.CopyFiles)
                .map(s -> ((PlannedStep.CopyFiles) s).source()).toList();
        assertEquals(List.of("config/", "entrypoint.d/lib/", "entrypoint.sh", "entrypoint.d/scripts/"), sources);
    }

    @Test
    void stableFilesAreTheSetupLayersAndVolatileFilesTheEntrypointLayers() {
        assertTrue(plan.cacheBoundary().stableFiles().contains("setup/build/01-build-extension.sh"));
        assertTrue(plan.cacheBoundary().volatileFiles().contains("config/postgresql.conf"));
        assertTrue(plan.cacheBoundary().stableFiles().stream().noneMatch(f -> f.startsWith("entrypoint")));
    }

    @Test
    void theLastScriptNamedCleanupIsTheSetupLayersFinalCleanup() {
        assertEquals("setup/scripts/99-cleanup.sh", plan.setupLayer().cleanupScript().orElseThrow().path());
    }

    @Test
    void filesOutsideTheLayoutNeverReachTheContext() {
        assertTrue(plan.contextFiles().keySet().stream().noneMatch(f -> f.equals("pom.xml")));
    }

    private static ImagePlan plan() {
        try {
            Path project = Path.of(CacheBoundaryTest.class.getClassLoader().getResource("projects/full").toURI());
            return new ImagePlanner().plan(project, ImageSettings.builder().build());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
