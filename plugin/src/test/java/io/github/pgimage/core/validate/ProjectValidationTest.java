package io.github.pgimage.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.plan.InvalidProjectException;
import io.github.pgimage.core.plan.ProjectProblem;

/** One test per validation rule of SPEC.md: each problem names the file and says what to do. */
class ProjectValidationTest {

    private static final String OK_SCRIPT = "#!/bin/sh\nset -eu\necho ok\n";

    @TempDir
    Path project;

    @Test
    void aProjectWithoutSetupScriptIsRejected() throws IOException {
        write("entrypoint.sh", OK_SCRIPT);
        ProjectProblem problem = single();
        assertEquals("setup/scripts/", problem.where());
        assertTrue(problem.fix().contains("setup/scripts/01-install-packages.sh"), problem.fix());
    }

    @Test
    void aSetupScriptThatRefersToTheEntrypointLayerIsRejected() throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/sh\nset -eu\n\ncp /opt/pgimage/entrypoint.d/lib/log.sh /usr/local/lib/\n");
        ProjectProblem problem = single();
        assertEquals("setup/scripts/01-install.sh", problem.where());
        assertTrue(problem.what().contains("entrypoint.d at line 4"), problem.what());
    }

    @Test
    void aSetupLibraryThatRefersToTheEntrypointLayerIsRejectedToo() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("setup/lib/paths.sh", "RUNTIME=/opt/pgimage/entrypoint.d\n");
        assertEquals("setup/lib/paths.sh", single().where());
    }

    @Test
    void aScriptWithCrlfLineEndingsIsRejected() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("entrypoint.d/scripts/10-start.sh", "#!/bin/sh\necho start\r\nexit 0\r\n");
        ProjectProblem problem = single();
        assertEquals("entrypoint.d/scripts/10-start.sh", problem.where());
        assertTrue(problem.what().contains("CRLF") && problem.what().contains("line 2"), problem.what());
        assertTrue(problem.fix().contains("LF"), problem.fix());
    }

    @Test
    void aScriptWithoutShebangIsRejected() throws IOException {
        write("setup/scripts/01-install.sh", "set -eu\napt-get update\n");
        ProjectProblem problem = single();
        assertEquals("setup/scripts/01-install.sh", problem.where());
        assertTrue(problem.fix().contains("#!/usr/bin/env bash"), problem.fix());
    }

    @Test
    void twoScriptsWithTheSameNumberAreRejected() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("setup/scripts/02-postgresql.sh", OK_SCRIPT);
        write("setup/scripts/02-patroni.sh", OK_SCRIPT);
        ProjectProblem problem = single();
        assertEquals("setup/scripts/02-postgresql.sh", problem.where());
        assertTrue(problem.what().contains("setup/scripts/02-patroni.sh"), problem.what());
    }

    @Test
    void numbersCompareByValueSo7And07Clash() throws IOException {
        write("entrypoint.d/scripts/7-a.sh", OK_SCRIPT);
        write("entrypoint.d/scripts/07-b.sh", OK_SCRIPT);
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        assertEquals("entrypoint.d/scripts/7-a.sh", single().where());
    }

    @Test
    void aSymlinkLeavingTheSourceDirectoryIsRejected(@TempDir Path outside) throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        Path secret = Files.writeString(outside.resolve("id_rsa"), "-----BEGIN PRIVATE KEY-----\n");
        Files.createDirectories(project.resolve("config"));
        Files.createSymbolicLink(project.resolve("config/key"), secret);
        ProjectProblem problem = single();
        assertEquals("config/key", problem.where());
        assertTrue(problem.what().contains("leaves the source directory"), problem.what());
    }

    @Test
    void aSymlinkInsideTheSourceDirectoryIsFollowed() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("shared/postgresql.conf", "max_connections = 50\n");
        Files.createDirectories(project.resolve("config"));
        Files.createSymbolicLink(project.resolve("config/postgresql.conf"), project.resolve("shared/postgresql.conf"));
        var plan = new ImagePlanner().plan(project, ImageSettings.builder().build());
        assertEquals(List.of("config/postgresql.conf"), plan.entrypointLayer().configurationFiles());
    }

    @Test
    void aFileTheBuildNeedsThatDockerignoreExcludesIsRejected() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("entrypoint.sh", OK_SCRIPT);
        write(".dockerignore", "*.sh\n");
        ProjectProblem problem = single();
        assertEquals("entrypoint.sh", problem.where());
        assertTrue(problem.fix().contains("!entrypoint.sh"), problem.fix());
    }

    @Test
    void aScriptWithoutNumberIsRejectedBecauseItsOrderIsUnknown() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("setup/scripts/cleanup.sh", OK_SCRIPT);
        ProjectProblem problem = single();
        assertEquals("setup/scripts/cleanup.sh", problem.where());
        assertTrue(problem.fix().contains("50-cleanup.sh"), problem.fix());
    }

    @Test
    void aScriptNameThatWouldBreakTheMountOptionIsRejected() throws IOException {
        write("setup/scripts/01-install, postgres.sh", OK_SCRIPT);
        write("setup/scripts/02-ok.sh", OK_SCRIPT);
        assertEquals("setup/scripts/01-install, postgres.sh", single().where());
    }

    @Test
    void aSetupScriptReadingAnUndeclaredSecretIsRejected() throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/sh\nset -eu\n\nTOKEN=$(cat /run/secrets/apt_token)\n");
        ProjectProblem problem = single();
        assertEquals("setup/scripts/01-install.sh", problem.where());
        assertEquals("reads /run/secrets/apt_token at line 4, but no secret 'apt_token' is declared", problem.what());
    }

    @Test
    void aDeclaredSecretIsMountedOnlyInTheStepsThatReadIt() throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/sh\nset -eu\nTOKEN=$(cat /run/secrets/apt_token)\n");
        write("setup/scripts/02-other.sh", OK_SCRIPT);
        var plan = new ImagePlanner().plan(project, ImageSettings.builder().secretIds(List.of("apt_token")).build());
        assertEquals(List.of(List.of("apt_token"), List.of()), plan.steps().stream()
                .filter(s -> s instanceof io.github.pgimage.core.plan.PlannedStep.RunScript)
                .map(s -> ((io.github.pgimage.core.plan.PlannedStep.RunScript) s).secretIds()).toList());
    }

    @Test
    void badParametersAreNamedByParameter() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        InvalidProjectException e = assertThrows(InvalidProjectException.class, () -> new ImagePlanner().plan(project,
                ImageSettings.builder().exposedPorts(List.of("postgres")).env(Map.of("1BAD", "x")).stopSignal("stop now").build()));
        assertEquals(List.of("<env>", "<exposedPorts>", "<stopSignal>"),
                e.problems().stream().map(ProjectProblem::where).toList());
    }

    @Test
    void everyProblemIsReportedInOneRun() throws IOException {
        write("setup/scripts/01-install.sh", "apt-get update\r\n");
        write("setup/scripts/01-again.sh", "#!/bin/sh\nls /opt/pgimage/entrypoint.d\n");
        InvalidProjectException e = assertThrows(InvalidProjectException.class,
                () -> new ImagePlanner().plan(project, ImageSettings.builder().build()));
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("4 problems in " + project.toRealPath()), e.getMessage());
    }

    private ProjectProblem single() {
        InvalidProjectException e = assertThrows(InvalidProjectException.class,
                () -> new ImagePlanner().plan(project, ImageSettings.builder().build()));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    private void write(String relative, String content) throws IOException {
        Path file = project.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
