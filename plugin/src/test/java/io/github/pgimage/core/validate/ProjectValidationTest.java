package io.github.pgimage.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.Setting;
import io.github.pgimage.core.plan.FileMode;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.plan.InvalidProjectException;
import io.github.pgimage.core.plan.ProjectProblem;

/**
 * One test per validation rule, and one per case a real project showed that must pass: each problem names the file
 * and says what to do; what the build does not need never raises one.
 */
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
        assertTrue(problem.what().contains("entrypoint layer (entrypoint.d) at line 4"), problem.what());
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
        // relative: it names this machine's file wherever the project is (an absolute one names the image's)
        Files.createSymbolicLink(project.resolve("config/key"), project.resolve("config").relativize(secret));
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
    void badSettingsAreNamedBySettingForTheFrontEndToSpell() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        InvalidProjectException e = assertThrows(InvalidProjectException.class, () -> new ImagePlanner().plan(project,
                ImageSettings.builder().exposedPorts(List.of("postgres")).env(Map.of("1BAD", "x")).stopSignal("stop now").build()));
        assertEquals(List.of(Setting.IMAGE_ENV, Setting.EXPOSED_PORTS, Setting.STOP_SIGNAL),
                e.problems().stream().map(ProjectProblem::setting).toList());
        assertEquals("ports: 'postgres' is not a port -> use a number from 1 to 65535, optionally with /tcp or /udp, e.g. 5432",
                e.problems().get(1).describe(setting -> "ports"));
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

    // ---- sourced runtime fragments ----

    @Test
    void runtimeFragmentsWithoutShebangAreValidBecauseAnEntrypointMaySourceThem() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("entrypoint.sh", "#!/bin/bash\nfor f in /opt/pgimage/entrypoint.d/scripts/*.sh; do . \"$f\"; done\nexec \"$@\"\n");
        write("entrypoint.d/scripts/10-env.sh", "export PGDATA=/var/lib/postgresql/data\n");
        assertEquals(List.of("entrypoint.d/scripts/10-env.sh"), plan().entrypointLayer().runtimeScripts().stream()
                .map(io.github.pgimage.core.plan.SetupScript::path).toList());
    }

    @Test
    void theEntrypointStillNeedsAShebang() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("entrypoint.sh", "exec \"$@\"\n");
        ProjectProblem problem = single();
        assertEquals("entrypoint.sh", problem.where());
        assertTrue(problem.what().contains("no shebang"), problem.what());
    }

    @Test
    void aBuilderScriptStillNeedsAShebang() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("setup/build/01-compile.sh", "make\n");
        assertEquals("setup/build/01-compile.sh", single().where());
    }

    @Test
    void aByteOrderMarkBeforeTheShebangIsReportedAsABom() throws IOException {
        write("setup/scripts/01-install.sh", "\uFEFF#!/bin/sh\necho ok\n");
        ProjectProblem problem = single();
        assertEquals("setup/scripts/01-install.sh", problem.where());
        assertTrue(problem.what().contains("byte order mark (BOM)") && problem.what().contains("#! is no shebang"),
                problem.what());
        assertTrue(problem.fix().contains("without BOM"), problem.fix());
    }

    @Test
    void aByteOrderMarkInASourcedFragmentIsReportedToo() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("entrypoint.d/scripts/10-env.sh", "\uFEFFexport A=1\n");
        assertTrue(single().what().contains("BOM"));
    }

    // ---- one numeric order ----

    @Test
    void setupStepsRunInNumericOrderNotTextOrder() throws IOException {
        write("setup/scripts/10-late.sh", OK_SCRIPT);
        write("setup/scripts/2-early.sh", OK_SCRIPT);
        write("setup/scripts/1-first.sh", OK_SCRIPT);
        assertEquals(List.of("setup/scripts/1-first.sh", "setup/scripts/2-early.sh", "setup/scripts/10-late.sh"),
                plan().setupLayer().scripts().stream().map(io.github.pgimage.core.plan.SetupScript::path).toList());
    }

    @Test
    void oneAndZeroOneClash() throws IOException {
        write("setup/scripts/1-a.sh", OK_SCRIPT);
        write("setup/scripts/01-b.sh", OK_SCRIPT);
        ProjectProblem problem = single();
        assertTrue(problem.what().contains("same number"), problem.what());
    }

    // ---- the layer rule reads code, not words ----

    @Test
    void commentsAndOtherImagesConventionsDoNotUseTheEntrypointLayer() throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/sh\nset -eu\n# runtime logic lives in entrypoint.d/scripts, not here\n"
                + "mkdir -p /docker-entrypoint.d /docker-entrypoint-initdb.d  # like the official image\n"
                + "ln -s /opt/pgimage/bin/run /usr/local/bin/docker-entrypoint.sh\n");
        write("setup/lib/apt.sh", "# see entrypoint.d/lib/log.sh for the runtime logger\napt_install() { apt-get install -y \"$@\"; }\n");
        assertEquals(1, plan().setupLayer().scripts().size());
    }

    @Test
    void pgimageHomeInAnyFormUsesTheEntrypointLayer() throws IOException {
        write("setup/scripts/01-a.sh", "#!/bin/sh\n. \"$PGIMAGE_HOME/entrypoint.d/lib/log.sh\"\n");
        write("setup/scripts/02-b.sh", "#!/bin/sh\nls ${PGIMAGE_HOME}/entrypoint.d\n");
        write("setup/scripts/03-c.sh", "#!/bin/sh\nls \"${PGIMAGE_HOME:-/opt/pgimage}/entrypoint.d/scripts\"\n");
        write("setup/scripts/04-d.sh", "#!/bin/sh\ncp \"$(dirname \"$0\")/../../entrypoint.d/lib/log.sh\" /usr/local/lib/\n");
        write("setup/scripts/05-e.sh", "#!/bin/sh\necho ok  # harmless\ncat entrypoint.d/lib/log.sh\n");
        InvalidProjectException e = assertThrows(InvalidProjectException.class, this::plan);
        assertEquals(List.of("setup/scripts/01-a.sh", "setup/scripts/02-b.sh", "setup/scripts/03-c.sh",
                "setup/scripts/04-d.sh", "setup/scripts/05-e.sh"), e.problems().stream().map(ProjectProblem::where).toList());
        assertTrue(e.problems().get(4).what().contains("at line 3"), e.problems().get(4).what());
    }

    @Test
    void theAdviceForASetupLibFileIsNotToMoveItIntoSetupLib() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("setup/lib/paths.sh", "RUNTIME=/opt/pgimage/entrypoint.d\n");
        ProjectProblem problem = single();
        assertTrue(!problem.fix().contains("setup/lib"), problem.fix());
        assertTrue(problem.fix().contains("entrypoint.d/scripts/"), problem.fix());
    }

    // ---- the secret rule reads code ----

    @Test
    void aCommentOrALinkThatPreparesARuntimePathIsNotABuildSecret() throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/sh\nset -eu\n# the server reads /run/secrets/postgres-password at runtime\n"
                + "mkdir -p /var/lib/postgresql\nln -s /run/secrets/postgres/pgpass /var/lib/postgresql/.pgpass\n"
                + "echo 'POSTGRES_PASSWORD_FILE=/run/secrets/db_password' >> /etc/environment\n"
                + "cat > /etc/pgimage.conf <<EOF\npassword_file=/run/secrets/other\nEOF\n");
        assertEquals(1, plan().setupLayer().scripts().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat /run/secrets/x", "read -r t < /run/secrets/x", "T=\"$(cat /run/secrets/x)\"",
            ". /run/secrets/x", "curl --netrc-file /run/secrets/x https://repo", "[ -f /run/secrets/y ] && cat /run/secrets/x"})
    void realReadsOfAnUndeclaredSecretAreRejected(String line) throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/sh\nset -eu\n" + line + "\n");
        ProjectProblem problem = single();
        assertTrue(problem.what().startsWith("reads /run/secrets/x at line 3"), problem.what());
    }

    // ---- .dockerignore counts for every rule ----

    @Test
    void filesDockerignoreExcludesAreNotPartOfTheProject() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("setup/scripts/README.md", "# what the scripts do\n");
        write("setup/scripts/02-old.sh.orig", "old\n");
        write("setup/scripts/03-x.sh.bak", "no shebang\n");
        write("entrypoint.d/scripts/10-start.sh.bak", "\uFEFFold\n");
        write(".dockerignore", "**/README.md\n**/*.orig\n**/*.bak\n");
        assertEquals(1, plan().setupLayer().scripts().size());
    }

    @Test
    void aNonScriptFileGetsNoRenameAdvice() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("setup/scripts/README.md", "# what the scripts do\n");
        ProjectProblem problem = single();
        assertEquals("setup/scripts/README.md", problem.where());
        assertTrue(!problem.fix().contains("50-README"), problem.fix());
        assertTrue(problem.fix().contains(".dockerignore"), problem.fix());
    }

    // ---- warnings ----

    @Test
    void runtimeFilesTheDefaultEntrypointNeverRunsGetAWarning() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("entrypoint.d/scripts/10-schema.sql", "CREATE TABLE t (id int);\n");
        write("entrypoint.d/scripts/20-data.sql.gz", "x");
        write("entrypoint.d/scripts/30-tool.py", "print(1)\n");
        List<ProjectProblem> warnings = plan().warnings();
        assertEquals(List.of("entrypoint.d/scripts/10-schema.sql", "entrypoint.d/scripts/20-data.sql.gz",
                "entrypoint.d/scripts/30-tool.py"), warnings.stream().map(ProjectProblem::where).toList());
        assertTrue(warnings.get(0).what().contains("never runs"), warnings.get(0).what());
    }

    @Test
    void lookAlikesOfOtherImagesLayoutsGetAWarningThatTheyNeverReachTheImage() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("docker-entrypoint.sh", OK_SCRIPT);
        write("docker-entrypoint-initdb.d/01-schema.sql", "SELECT 1;\n");
        write("initdb.d/02-data.sql", "SELECT 1;\n");
        write("Dockerfile", "FROM postgres:15\n");
        write("pom.xml", "<project/>\n");
        List<ProjectProblem> warnings = plan().warnings();
        assertEquals(List.of("Dockerfile", "docker-entrypoint-initdb.d/", "docker-entrypoint.sh", "initdb.d/"),
                warnings.stream().map(ProjectProblem::where).toList());
        assertTrue(warnings.get(2).what().contains("never reaches the image"), warnings.get(2).what());
    }

    @Test
    void moreThanAHundredStepsGetAWarningAboutTheLayerLimit() throws IOException {
        for (int i = 1; i <= 101; i++) {
            write("setup/scripts/" + i + "-step.sh", OK_SCRIPT);
        }
        List<ProjectProblem> warnings = plan().warnings();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).what().contains("127 layers"), warnings.get(0).what());
    }

    @Test
    void aTidyProjectHasNoWarnings() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("entrypoint.d/scripts/10-start.sh", OK_SCRIPT);
        assertEquals(List.of(), plan().warnings());
    }

    // ---- declared file modes ----

    @Test
    void aDeclaredModeMustNameAFileOfTheEntrypointLayerWithAnOctalModeAndAnOwner() throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("config/server.key", "key\n");
        InvalidProjectException e = assertThrows(InvalidProjectException.class, () -> new ImagePlanner().plan(project,
                ImageSettings.builder().fileModes(List.of(
                        new FileMode("config/server.key", "rw-------", "postgres"),
                        new FileMode("config/missing.key", "0600", null),
                        new FileMode("setup/scripts/01-install.sh", "0700", null),
                        new FileMode("config/server.key", "0600", "post gres"))).build()));
        assertEquals(List.of("config/server.key: mode 'rw-------' is not an octal file mode",
                        "config/missing.key: has a declared mode and owner, but the project has no such file (or .dockerignore excludes it)",
                        "setup/scripts/01-install.sh: has a declared mode and owner, but only files of the entrypoint layer (config/, entrypoint.d/lib/, entrypoint.d/scripts/, entrypoint.sh) are copied into the image",
                        "config/server.key: has its mode and owner declared twice"),
                e.problems().stream().map(p -> p.where() + ": " + p.what()).toList());
    }

    // ---- shared directories ----

    @Test
    void aSharedDirectoryAddsItsFilesAndLinksIntoItAreAllowed(@TempDir Path shared) throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/sh\n. /opt/pgimage/setup/lib/apt.sh\n");
        Files.createDirectories(shared.resolve("setup/lib"));
        Files.writeString(shared.resolve("setup/lib/apt.sh"), "apt_install() { :; }\n");
        Files.createDirectories(shared.resolve("config"));
        Files.writeString(shared.resolve("config/common.conf"), "fsync = on\n");
        Files.createDirectories(project.resolve("config"));
        Files.createSymbolicLink(project.resolve("config/postgresql.conf"), shared.resolve("config/common.conf"));
        var plan = new ImagePlanner().plan(project, List.of(shared), ImageSettings.builder().build());
        assertEquals(List.of("setup/lib/apt.sh"), plan.setupLayer().libFiles());
        assertEquals(List.of("config/common.conf", "config/postgresql.conf"), plan.entrypointLayer().configurationFiles());
    }

    @Test
    void aFileInTheProjectAndInASharedDirectoryIsAmbiguous(@TempDir Path shared) throws IOException {
        write("setup/scripts/01-install.sh", OK_SCRIPT);
        write("setup/lib/apt.sh", "x=1\n");
        Files.createDirectories(shared.resolve("setup/lib"));
        Files.writeString(shared.resolve("setup/lib/apt.sh"), "x=2\n");
        InvalidProjectException e = assertThrows(InvalidProjectException.class,
                () -> new ImagePlanner().plan(project, List.of(shared), ImageSettings.builder().build()));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("setup/lib/apt.sh", e.problems().get(0).where());
    }

    private io.github.pgimage.core.plan.ImagePlan plan() {
        return new ProjectFolder(project).plan(ImageSettings.builder().build());
    }

    private ProjectProblem single() {
        return new ProjectFolder(project).single(ImageSettings.builder().build());
    }

    private void write(String relative, String content) throws IOException {
        new ProjectFolder(project).write(relative, content);
    }
}
