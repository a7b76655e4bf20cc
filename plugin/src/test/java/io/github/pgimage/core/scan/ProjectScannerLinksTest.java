package io.github.pgimage.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.plan.ProjectProblem;

/** Links are followed while they stay inside the source directory; one that leaves it is a problem. */
class ProjectScannerLinksTest {
    @TempDir
    Path dir;

    @Test
    void linksInsideAreFollowedAndLinksOutsideAreProblems() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.conf"), "x");
        Files.createDirectories(project.resolve("config/real"));
        Files.writeString(project.resolve("config/real/a.conf"), "a");
        Files.createSymbolicLink(project.resolve("config/alias"), project.resolve("config/real"));
        Files.createSymbolicLink(project.resolve("config/b.conf"), project.resolve("config/real/a.conf"));
        Files.createSymbolicLink(project.resolve("config/leaks.conf"), outside.resolve("secret.conf"));
        Files.createSymbolicLink(project.resolve("config/leaks"), outside);

        ProjectFiles files = new ProjectScanner().scan(project);

        assertEquals(List.of("config/alias/a.conf", "config/b.conf", "config/real/a.conf"),
                List.copyOf(files.all().keySet()));
        List<String> problems = files.problems().stream().map(ProjectProblem::where).sorted().toList();
        assertEquals(List.of("config/leaks", "config/leaks.conf"), problems);
        assertTrue(files.problems().get(0).toString().contains("leaves the source directory"), files.problems().toString());
    }
}
