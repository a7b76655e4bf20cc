package io.github.pgimage.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.plan.ProjectProblem;

/**
 * Links are followed while they stay inside the source directory; a relative one that leaves it, or an absolute one
 * into the build host's home, is a problem; any other absolute one names a file of the image and is kept as a link.
 */
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
        Files.createSymbolicLink(project.resolve("config/leaks.conf"), Path.of("../../outside/secret.conf"));
        Files.createSymbolicLink(project.resolve("config/leaks"), Path.of("../../outside"));

        ProjectFiles files = new ProjectScanner(dir.resolve("home")).scan(project);

        assertEquals(List.of("config/alias/a.conf", "config/b.conf", "config/real/a.conf"),
                List.copyOf(files.all().keySet()));
        List<String> problems = files.problems().stream().map(ProjectProblem::where).sorted().toList();
        assertEquals(List.of("config/leaks", "config/leaks.conf"), problems);
        assertTrue(files.problems().get(0).toString().contains("leaves the source directory"), files.problems().toString());
    }

    /**
     * {@code config/ssl/ca.crt -> /etc/ssl/certs/ca-certificates.crt} resolves in the image, whether or not this
     * machine has the file: kept as a link, never read; a link into the build host's home is that machine's file.
     */
    @Test
    void absoluteLinksOutsideNameTheImagesFilesExceptIntoTheHome() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("server.key"), "key");
        Files.createDirectories(project.resolve("config/ssl"));
        Files.createSymbolicLink(project.resolve("config/ssl/ca.crt"), Path.of("/etc/ssl/certs/ca-certificates.crt"));
        Files.createSymbolicLink(project.resolve("config/ssl/nowhere.crt"), Path.of("/nonexistent/pgimage/ca.crt"));
        Files.createSymbolicLink(project.resolve("config/certs"), Path.of("/etc/ssl/certs"));
        Files.createSymbolicLink(project.resolve("config/ssl/server.key"), home.resolve("server.key"));

        ProjectFiles files = new ProjectScanner(home).scan(project);

        assertEquals(Map.of("config/ssl/ca.crt", "/etc/ssl/certs/ca-certificates.crt",
                "config/ssl/nowhere.crt", "/nonexistent/pgimage/ca.crt",
                "config/certs", "/etc/ssl/certs"), files.links());
        assertEquals(List.of(), List.copyOf(files.all().keySet()));
        assertEquals(List.of("config/ssl/server.key"), files.problems().stream().map(ProjectProblem::where).toList());
    }

    /**
     * A module that links a folder of a shared directory it also declares reaches each file twice, by two paths:
     * it is one file, not a clash; two different files at one path still are.
     */
    @Test
    void aSharedFolderLinkedIntoTheModuleIsTheSameFile() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared/setup/lib/pg"));
        Files.writeString(shared.resolve("apt.sh"), "apt_install() { :; }\n");
        Path module = Files.createDirectories(dir.resolve("module/setup/lib"));
        Files.createSymbolicLink(module.resolve("pg"), Path.of("../../../shared/setup/lib/pg"));
        Path other = Files.createDirectories(dir.resolve("other/setup/lib/pg"));
        Files.writeString(other.resolve("apt.sh"), "apt_install() { exit 1; }\n");

        ProjectFiles linked = new ProjectScanner(dir.resolve("home")).scan(dir.resolve("module"),
                List.of(dir.resolve("shared")));
        assertEquals(List.of(), linked.problems());
        assertEquals(List.of("setup/lib/pg/apt.sh"), List.copyOf(linked.all().keySet()));

        ProjectFiles clash = new ProjectScanner(dir.resolve("home")).scan(dir.resolve("other"),
                List.of(dir.resolve("shared")));
        assertEquals(1, clash.problems().size());
        assertTrue(clash.problems().get(0).what().startsWith("is two different files"), clash.problems().toString());
    }
}
