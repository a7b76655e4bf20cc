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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.pgimage.core.plan.FileMode;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.plan.InvalidProjectException;
import io.github.pgimage.core.plan.PlannedStep;
import io.github.pgimage.core.plan.ProjectNote;
import io.github.pgimage.core.plan.ProjectProblem;
import io.github.pgimage.core.plan.SetupScript;

/**
 * The habits of public PostgreSQL image repositories (docker-library, Bitnami, Spilo, TimescaleDB, PostGIS) as a
 * project brings them: what the plugin accepts as it is, what it reports (a problem when the image would fail at
 * start or a line would fail in a build, a warning when the plugin cannot know, an information line when it read a
 * name one of two ways), and never a refusal of something that works.
 */
class RealLayoutsTest {

    private static final String SH = "#!/bin/sh\nset -eu\necho ok\n";
    /** docker-library-style: indirect expansion, an array, [[ ]], declare -g. */
    private static final String BASH_FRAGMENT = """
            # sourced by the entrypoint (no shebang), written for bash
            file_env() {
                local var="$1"
                local fileVar="${var}_FILE"
                if [ "${!fileVar:-}" ]; then
                    declare -g "$var"="$(< "${!fileVar}")"
                fi
            }
            file_env POSTGRES_PASSWORD
            """;

    @TempDir
    Path project;

    // ---- 1. bash fragments under the default entrypoint ----

    @Test
    void aBashFragmentInAnImageWithoutBashIsAProblemNamingTheLine() throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/sh\nset -eu\napk add --no-cache postgresql16\n");
        write("entrypoint.d/scripts/10-env.sh", BASH_FRAGMENT);
        ProjectProblem problem = single(settings().baseImage("postgres:16-alpine"));
        assertEquals("entrypoint.d/scripts/10-env.sh", problem.where());
        assertTrue(problem.what().startsWith("uses bash syntax (${!…}) at line 5 and has no shebang"), problem.what());
        assertTrue(problem.what().contains("the base image postgres:16-alpine has no bash"), problem.what());
        assertTrue(problem.fix().contains("apk add --no-cache bash"), problem.fix());
    }

    @Test
    void aBashFragmentIsAWarningWhenThePluginCannotKnowAndFineWhenTheImageHasBash() throws IOException {
        write("setup/scripts/01-install.sh", SH);
        write("entrypoint.d/scripts/10-env.sh", BASH_FRAGMENT);
        List<ProjectProblem> warnings = plan(settings().baseImage("registry.example.com/acme/base:1")).warnings();
        assertEquals(List.of("entrypoint.d/scripts/10-env.sh"), warnings.stream().map(ProjectProblem::where).toList());
        assertTrue(warnings.get(0).what().contains("cannot tell whether"), warnings.get(0).what());

        assertEquals(List.of(), plan(settings()).warnings()); // debian:bookworm-slim has bash
        write("setup/scripts/01-install.sh", "#!/bin/bash\nset -eu\n");
        assertEquals(List.of(), plan(settings().baseImage("registry.example.com/acme/base:1")).warnings());
    }

    @Test
    void aProjectEntrypointSourcesFragmentsWithItsOwnShell() throws IOException {
        write("setup/scripts/01-install.sh", SH);
        write("entrypoint.sh", "#!/usr/bin/env bash\nfor f in /opt/pgimage/entrypoint.d/scripts/*.sh; do . \"$f\"; done\n");
        write("entrypoint.d/scripts/10-env.sh", BASH_FRAGMENT);
        assertEquals(List.of(), plan(settings().baseImage("alpine:3.20")).warnings());
    }

    // ---- 2. executed or sourced ----

    @Test
    void aLibraryOfFunctionsWithAShebangAmongTheRuntimeScriptsIsAProblem() throws IOException {
        write("setup/scripts/01-install.sh", SH);
        write("entrypoint.d/scripts/05-libpostgresql.sh", "#!/bin/bash\n. /opt/pgimage/entrypoint.d/lib/log.sh\n"
                + "postgresql_validate() {\n    [[ -n \"${POSTGRES_PASSWORD:-}\" ]]\n}\n");
        write("entrypoint.d/scripts/10-validate.sh", "postgresql_validate\n");
        ProjectProblem problem = single(settings());
        assertEquals("entrypoint.d/scripts/05-libpostgresql.sh", problem.where());
        assertTrue(problem.what().contains("only defines functions and variables, which are then lost"), problem.what());
        assertTrue(problem.fix().startsWith("remove its shebang line so that it is sourced"), problem.fix());

        // the same library without its shebang is sourced: nothing to say
        write("entrypoint.d/scripts/05-libpostgresql.sh", "postgresql_validate() {\n    [ -n \"$POSTGRES_PASSWORD\" ]\n}\n");
        assertEquals(List.of(), plan(settings()).warnings());
    }

    @Test
    void aShebangThatNamesNoInterpreterCannotRun() throws IOException {
        write("setup/scripts/01-install.sh", "#!\necho x\n");
        assertTrue(single(settings()).what().startsWith("has a #! line that names no interpreter"));
    }

    @Test
    void aLinkForTheImageCannotBeAScriptTheBuildRuns() throws IOException {
        write("setup/scripts/01-install.sh", SH);
        Files.createDirectories(project.resolve("entrypoint.d/scripts"));
        Files.createSymbolicLink(project.resolve("entrypoint.d/scripts/10-start.sh"), Path.of("/usr/local/bin/start.sh"));
        ProjectProblem problem = single(settings());
        assertEquals("entrypoint.d/scripts/10-start.sh", problem.where());
        assertTrue(problem.what().contains("the build cannot read or run it"), problem.what());
    }

    // ---- 3. files no part of the layout takes ----

    @Test
    void aFolderTheLayoutDoesNotTakeIsAWarningSayingWhereItGoes() throws IOException {
        write("setup/scripts/01-install.sh", SH);
        write("setup/debs/pgimage-hello_1.0_all.deb", "!<arch>\n");
        write("setup/README.md", "# how setup works\n");
        write("entrypoint.d/10-start.sh", SH);
        List<ProjectProblem> warnings = plan(settings()).warnings();
        assertEquals(List.of("entrypoint.d/10-start.sh", "setup/debs/"),
                warnings.stream().map(ProjectProblem::where).toList());
        assertTrue(warnings.get(0).fix().startsWith("a runtime script goes into entrypoint.d/scripts/"), warnings.get(0).fix());
        assertTrue(warnings.get(1).fix().contains("move it to setup/lib/debs/"), warnings.get(1).fix());
    }

    /** A source directory of its own (no pom.xml) holds nothing but the layout; a module's folder holds src/ too. */
    @Test
    void atTheTopOfASourceDirectoryOfItsOwnToo() throws IOException {
        write("setup/scripts/01-install.sh", SH);
        write("scripts/10-start.sh", SH);
        write("patches/fix.patch", "--- a\n+++ b\n");
        write("README.md", "# the image\n");
        List<ProjectProblem> warnings = plan(settings()).warnings();
        assertEquals(List.of("patches/", "scripts/"), warnings.stream().map(ProjectProblem::where).toList());
        assertTrue(warnings.get(0).fix().startsWith("what setup steps read goes into setup/lib/"), warnings.get(0).fix());

        write("pom.xml", "<project/>\n");
        assertEquals(List.of(), plan(settings()).warnings());
    }

    @Test
    void aSetupScriptThatNamesTheFolderByItsImagePathIsAProblem() throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/sh\nset -eu\n# local packages\ndpkg -i /opt/pgimage/setup/debs/*.deb\n");
        write("setup/debs/pgimage-hello_1.0_all.deb", "!<arch>\n");
        ProjectProblem problem = single(settings());
        assertEquals("setup/debs/", problem.where());
        assertTrue(problem.what().endsWith("but setup/scripts/01-install.sh names /opt/pgimage/setup/debs at line 4"),
                problem.what());
        assertTrue(problem.fix().contains("move it to setup/lib/debs/"), problem.fix());

        // where the layout takes it, it is mounted in every setup step: nothing to say
        Files.move(project.resolve("setup/debs"), Files.createDirectories(project.resolve("setup/lib")).resolve("debs"));
        write("setup/scripts/01-install.sh", "#!/bin/sh\nset -eu\ndpkg -i \"$PGIMAGE_HOME\"/setup/lib/debs/*.deb\n");
        assertEquals(List.of(), plan(settings()).warnings());
    }

    @Test
    void aRuntimeFileThatNamesSetupIsAProblemSinceSetupIsNeverInTheImage() throws IOException {
        write("setup/scripts/01-install.sh", SH);
        write("setup/lib/log.sh", "log() { echo \"$*\"; }\n");
        write("entrypoint.d/scripts/10-start.sh", ". \"${PGIMAGE_HOME}/setup/lib/log.sh\"\nlog started\n");
        ProjectProblem problem = single(settings());
        assertEquals("entrypoint.d/scripts/10-start.sh", problem.where());
        assertTrue(problem.what().startsWith("names /opt/pgimage/setup at line 1"), problem.what());
        assertTrue(problem.fix().contains("entrypoint.d/lib/"), problem.fix());
    }

    // ---- 4. NN_name.sh ----

    /** TimescaleDB's 000_install_timescaledb.sh, PostGIS's 10_postgis.sh: numbered by their digits, with a note. */
    @Test
    void anUnderscoreEndsTheNumberAsADashDoes() throws IOException {
        write("setup/scripts/01-install.sh", SH);
        write("entrypoint.d/scripts/000_install_timescaledb.sh", SH);
        write("entrypoint.d/scripts/10_postgis.sh", SH);
        write("entrypoint.d/scripts/2-env.sh", SH);
        ImagePlan plan = plan(settings());
        assertEquals(List.of("000_install_timescaledb.sh", "2-env.sh", "10_postgis.sh"),
                plan.entrypointLayer().runtimeScripts().stream().map(SetupScript::fileName).toList());
        assertEquals(List.of(
                        new ProjectNote("entrypoint.d/scripts/000_install_timescaledb.sh", "'_' read as the end of its number 000, as '-' is"),
                        new ProjectNote("entrypoint.d/scripts/10_postgis.sh", "'_' read as the end of its number 10, as '-' is")),
                plan.notes());
    }

    @Test
    void numbersClashAcrossBothSeparatorsAndUnnumberedScriptsAreAdvisedFreeNumbers() throws IOException {
        write("setup/scripts/10-base.sh", SH);
        write("setup/scripts/10_postgis.sh", SH);
        write("setup/scripts/install.sh", SH);
        write("setup/scripts/update-postgis.sh", SH);
        write("setup/scripts/50-locales.sh", SH);
        InvalidProjectException e = assertThrows(InvalidProjectException.class, () -> plan(settings()));
        assertEquals(List.of(
                "setup/scripts/10_postgis.sh: has the same number 10 as setup/scripts/10-base.sh, so their order is ambiguous",
                "setup/scripts/install.sh: rename it with a number prefix for its place in the order, e.g. setup/scripts/51-install.sh",
                "setup/scripts/update-postgis.sh: rename it with a number prefix for its place in the order, e.g. setup/scripts/52-update-postgis.sh"),
                e.problems().stream().map(p -> p.where() + ": " + (p.what().startsWith("has the same") ? p.what() : p.fix()))
                        .toList());
    }

    // ---- 5. the secret rule ----

    @ParameterizedTest
    @ValueSource(strings = {
            "if [ -f /run/secrets/apt_auth ]; then echo given; fi",
            "if [[ -r /run/secrets/apt_auth ]]; then echo given; fi",
            "test -s /run/secrets/apt_auth || exit 0",
            "[ -e \"/run/secrets/apt_auth\" ] && echo given",
            "[[ -f /etc/apt/auth.conf && -r /run/secrets/apt_auth ]] && echo both",
            "while [ ! -e /run/secrets/apt_auth ]; do exit 0; done",
            "if ! test -f /run/secrets/apt_auth; then exit 0; fi",
            "SECRETS_DIR=/run/secrets; if [ -f \"$SECRETS_DIR/apt_auth\" ]; then echo given; fi"})
    void everyTestFormIsNotARead(String line) throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/bash\nset -eu\n" + line + "\n");
        assertEquals(List.of(), plan(settings()).warnings());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SECRETS_DIR=/run/secrets\ncp \"$SECRETS_DIR/apt_auth\" /etc/apt/auth.conf.d/private.conf",
            "SECRETS_DIR=\"${SECRETS_DIR:-/run/secrets}\"\ncp \"${SECRETS_DIR}\"/apt_auth /etc/apt/auth.conf.d/",
            "AUTH_FILE=/run/secrets/apt_auth\n[ -f \"$AUTH_FILE\" ] && cp \"$AUTH_FILE\" /etc/apt/auth.conf.d/",
            ": \"${SECRETS_DIR:=/run/secrets}\"\nif [[ \"$(cat \"$SECRETS_DIR/apt_auth\")\" ]]; then :; fi"})
    void aReadThroughAVariableIsARead(String lines) throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/bash\nset -eu\n" + lines + "\n");
        ProjectProblem problem = single(settings());
        assertTrue(problem.what().startsWith("reads /run/secrets/apt_auth at line "), problem.what());
        assertTrue(problem.what().endsWith("but no secret 'apt_auth' is declared"), problem.what());
    }

    @Test
    void aVariableSetUpInSetupLibCountsForEveryStepAndMountsTheSecretWhereItIsRead() throws IOException {
        write("setup/lib/paths.sh", "SECRETS_DIR=/run/secrets\n");
        write("setup/scripts/01-base.sh", SH);
        write("setup/scripts/02-repo.sh", "#!/bin/sh\n. /opt/pgimage/setup/lib/paths.sh\ncp \"$SECRETS_DIR/apt_auth\" /etc/apt/\n");
        assertEquals("setup/scripts/02-repo.sh", single(settings()).where());

        ImagePlan plan = plan(settings().secretIds(List.of("apt_auth")));
        assertEquals(Map.of("setup/scripts/01-base.sh", List.of(), "setup/scripts/02-repo.sh", List.of("apt_auth")),
                Map.of("setup/scripts/01-base.sh", secretsOf(plan, 0), "setup/scripts/02-repo.sh", secretsOf(plan, 1)));
    }

    // ---- 6. hidden files, links, apt's cache ----

    @Test
    void hiddenFilesAreAWarningAndStayOutUnlessTheProjectNamesThem() throws IOException {
        write("setup/scripts/01-install.sh", SH);
        write("setup/scripts/.01-install.sh.swp", "swap");
        write("setup/scripts/.gitkeep", "");
        write("entrypoint.d/scripts/.versions.json", "{}");
        write("entrypoint.d/lib/.pgpass", "*:*:*:app:secret\n");
        write("entrypoint.d/lib/.keep-me", "kept by .dockerignore\n");
        write(".dockerignore", "!entrypoint.d/lib/.keep-me\n");
        ImagePlan plan = plan(settings().fileModes(List.of(new FileMode("entrypoint.d/lib/.pgpass", "0600", null))));
        assertEquals(List.of("entrypoint.d/scripts/.versions.json", "setup/scripts/.01-install.sh.swp"),
                plan.warnings().stream().map(ProjectProblem::where).toList());
        assertEquals(List.of("entrypoint.d/lib/.keep-me", "pgimage-private/entrypoint.d/lib/.pgpass",
                "setup/scripts/01-install.sh"), plan.contextFiles().keySet().stream().sorted().toList());
    }

    @Test
    void anAbsoluteLinkForTheImageIsCopiedAsALinkWithANote() throws IOException {
        write("setup/scripts/01-install.sh", SH);
        Files.createDirectories(project.resolve("config/ssl"));
        Files.createSymbolicLink(project.resolve("config/ssl/ca.crt"), Path.of("/etc/ssl/certs/ca-certificates.crt"));
        ImagePlan plan = plan(settings());
        assertEquals(Map.of("config/ssl/ca.crt", "/etc/ssl/certs/ca-certificates.crt"), plan.contextLinks());
        assertEquals(List.of("config/ssl/ca.crt"), plan.entrypointLayer().configurationFiles());
        assertEquals(List.of("config/ssl/ca.crt: is a symbolic link to /etc/ssl/certs/ca-certificates.crt, outside the"
                + " project: copied as a link (as docker build does), to be resolved in the image"),
                plan.notes().stream().map(ProjectNote::toString).toList());
    }

    @Test
    void aSetupScriptThatEmptiesTheAptCacheMountsGetsAHint() throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/sh\nset -eu\napt-get update\napt-get install -y postgresql\n"
                + "rm -rf /var/lib/apt/lists/*\n");
        List<ProjectProblem> warnings = plan(settings()).warnings();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).what().startsWith("empties apt's cache at line 5"), warnings.get(0).what());
        assertTrue(warnings.get(0).fix().contains("mountpoint -q /var/lib/apt/lists"), warnings.get(0).fix());

        assertEquals(List.of(), plan(settings().aptCache(false)).warnings());
        write("setup/scripts/01-install.sh", "#!/bin/sh\nset -eu\nmountpoint -q /var/lib/apt/lists || rm -rf /var/lib/apt/lists/*\n");
        assertEquals(List.of(), plan(settings()).warnings());
    }

    private static List<String> secretsOf(ImagePlan plan, int step) {
        return ((PlannedStep.RunScript) plan.steps().get(step)).secretIds();
    }

    private static ImageSettings.Builder settings() {
        return ImageSettings.builder();
    }

    private ImagePlan plan(ImageSettings.Builder settings) {
        return new ProjectFolder(project).plan(settings.build());
    }

    private ProjectProblem single(ImageSettings.Builder settings) {
        return new ProjectFolder(project).single(settings.build());
    }

    private void write(String relative, String content) throws IOException {
        new ProjectFolder(project).write(relative, content);
    }
}
