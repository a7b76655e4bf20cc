package io.github.pgimage.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

/** What the context holds and what .dockerignore kept out of the layout's places, as the report says them. */
class ContextContentsTest {

    @Test
    void countsTheContextsFilesAndListsWhatDockerignoreLeftOut() throws Exception {
        Path project = Path.of(getClass().getClassLoader().getResource("projects/dockerignore").toURI());
        ImagePlan plan = new ImagePlanner().plan(project, ImageSettings.builder().build());
        long bytes = 0;
        for (Path file : plan.contextFiles().values()) {
            bytes += Files.size(file);
        }

        BuildReport.ContextSent sent = ContextContents.of(new BuildReport.ContextSent("session", 9, 2, 300), plan);

        assertEquals("session", sent.transfer(), "how it was sent stays");
        assertEquals(2, sent.filesSent());
        assertEquals(4, sent.dockerignoredFiles());
        assertEquals(List.of("config/local/secret.env", "config/postgresql.conf.bak", "entrypoint.d/scripts/README.md",
                "setup/lib/notes.md"), sent.dockerignored());
        assertEquals((long) plan.contextFiles().size(), sent.projectFiles());
        assertEquals(bytes, sent.projectBytes());
    }

    @Test
    void theReportListsTheFirstHundredIgnoredPathsAndCountsThemAll() {
        List<String> many = java.util.stream.IntStream.range(0, 150).mapToObj(i -> "config/x" + i + ".bak").toList();

        BuildReport.ContextSent sent = new BuildReport.ContextSent("tar", 1, 1, 1).withContents(1, 1, many);

        assertEquals(150, sent.dockerignoredFiles());
        assertEquals(many.subList(0, BuildReport.ContextSent.DOCKERIGNORED_LISTED), sent.dockerignored());
    }
}
