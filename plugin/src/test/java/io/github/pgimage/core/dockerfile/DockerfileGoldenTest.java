package io.github.pgimage.core.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.context.ContextAssembler;
import io.github.pgimage.core.metadata.StandardLabels;

import io.github.pgimage.core.plan.CacheInvalidation;
import io.github.pgimage.core.plan.CacheRule;
import io.github.pgimage.core.plan.FileMode;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

/**
 * Generated Dockerfiles for the reference layouts, compared with golden files under
 * {@code src/test/resources/golden/}, together with the
 * list of files the context carries. After an intended change, regenerate them with
 * {@code mvn test -Dtest=DockerfileGoldenTest -Dgolden.update=true} and review the diff.
 */
class DockerfileGoldenTest {

    @Test
    void minimalProjectHasOneSetupStepAndTheEntrypoint() throws Exception {
        assertGolden("minimal", ImageSettings.builder().build());
    }

    @Test
    void fullProjectHasLibBuilderStageConfigAndCustomEntrypoint() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGDATA", "/var/lib/postgresql/data");
        env.put("LANG", "en_US.utf8");
        env.put("PATH", "/usr/lib/postgresql/15/bin:$PATH-is-literal");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", "acme \"postgres\"");
        labels.put("org.opencontainers.image.version", "15.8");
        assertGolden("full", ImageSettings.builder()
                .baseImage("registry.example.com/debian:bookworm-slim")
                .env(env)
                .labels(labels)
                .buildArgNames(List.of("PG_MAJOR", "DEBIAN_MIRROR"))
                .exposedPorts(List.of("5432", "8008/tcp"))
                .build());
    }

    @Test
    void projectWithoutEntrypointGetsTheDefaultOne() throws Exception {
        assertGolden("no-entrypoint", ImageSettings.builder().healthcheck(false).aptCache(false).build());
    }

    @Test
    void dockerignoreExcludesFilesButKeepsExceptions() throws Exception {
        assertGolden("dockerignore", ImageSettings.builder().runAsUser("999").volumes(List.of()).build());
    }

    /**
     * docker-library style: the project's own entrypoint.sh sources shebang-less fragments; the server key gets the
     * mode and owner PostgreSQL demands (0600, the server's user), travels apart and is copied with --chown.
     */
    @Test
    void sourcedFragmentsAndAPrivateServerKey() throws Exception {
        assertGolden("sourced-fragments", ImageSettings.builder()
                .fileModes(List.of(new FileMode("config/server.key", "0600", null)))
                .build());
    }

    /**
     * 2 runs before 10 (numbers, not text), and each build argument is declared just before the first step whose
     * code names it (a comment does not count); one no script names is declared at the top, for tools reading it.
     */
    @Test
    void numericOrderAndBuildArgsDeclaredWhereFirstUsed() throws Exception {
        assertGolden("numeric-order", ImageSettings.builder()
                .buildArgNames(List.of("LOCALE", "PG_MAJOR", "HTTP_OPTS"))
                .aptCache(false)
                .build());
    }

    /**
     * A weekly rule on 03 and a value rule on 04, at a fixed clock: each step gets its state as an ARG just before
     * it, so 01 and 02 keep their cache keys; a rebuild mark (05) also lands in a label the next build reads.
     */
    @Test
    void weeklyRuleOn03ValueRuleOn04AndARebuildMarkOn05() throws Exception {
        assertGolden("cache-rules", ImageSettings.builder()
                .invalidation(new CacheInvalidation(
                        List.of(CacheRule.every("03", "P7D"), CacheRule.onValue("04-extensions.sh", "15.8")),
                        Instant.parse("2026-11-30T12:00:00Z"),
                        Map.of("setup/scripts/05-cleanup.sh", "20261130T120000Z-1a2b")))
                .build());
    }

    // ---- layouts as public PostgreSQL image repositories keep them ----

    /**
     * docker-library's fragments (no shebang, bash: ${!var}, declare -g, arrays, [[ ]]) under the default entrypoint,
     * which runs under bash since the image has it; kept at 0644, they stay 0644; 30-tune.sh (0755, a shebang) is
     * executed.
     */
    @Test
    void bashFragmentsUnderTheDefaultEntrypoint() throws Exception {
        assertGolden("bash-fragments", ImageSettings.builder().build());
    }

    /** A team entrypoint that executes what is executable and sources the rest, as docker-library's does. */
    @Test
    void aTeamEntrypointDecidesByTheModesTheContextKeeps() throws Exception {
        assertGolden("library-modes", ImageSettings.builder().build());
    }

    /** Spilo keeps .deb files in a folder of their own: setup/debs/ is taken by no part of the layout. */
    @Test
    void aFolderNoPartOfTheLayoutTakesIsWarned() throws Exception {
        assertGolden("spilo-debs", ImageSettings.builder().build());
    }

    /** The same packages in setup/lib/debs/ are mounted in every setup step; emptying apt's cache mounts gets a hint. */
    @Test
    void packagesInSetupLibAreMountedInEverySetupStep() throws Exception {
        assertGolden("lib-debs", ImageSettings.builder().build());
    }

    /** TimescaleDB's 000_install_timescaledb.sh and PostGIS's 10_postgis.sh, ordered by their digits. */
    @Test
    void underscoreNumbersAreOrderedByTheirDigits() throws Exception {
        assertGolden("underscore-order", ImageSettings.builder().aptCache(false).build());
    }

    /**
     * Tests of /run/secrets are no reads (no problem when undeclared; declared, the secret is mounted so they see it);
     * a read through the variable setup/lib sets mounts it too.
     */
    @Test
    void secretTestsAreNoReadsAndAVariableIsFollowed() throws Exception {
        assertGolden("secret-tests", ImageSettings.builder().secretIds(List.of("apt_auth")).aptCache(false).build());
    }

    /**
     * A helper folder of a shared directory linked into the module (one file, reached twice), an absolute link for
     * the image (kept as a link), hidden files (left out, warned).
     */
    @Test
    void aSymlinkedSharedFolderAnImageLinkAndHiddenFiles() throws Exception {
        assertGolden("symlinked-shared", List.of("shared-helpers"), ImageSettings.builder().build());
    }

    /**
     * The standard org.opencontainers.image.* labels of a pom after the user's own (whose title wins), as the image's
     * metadata after the last step: the Dockerfile up to them is the one without labels, so a new commit (revision)
     * or timestamp (created) reruns no step.
     */
    @Test
    void standardLabelsFollowTheUsersAfterTheLastStep() throws Exception {
        StandardLabels standard = new StandardLabels("orders-db", "Orders database", "1.4.0",
                "0123456789abcdef0123456789abcdef01234567", "https://git.example.com/acme/orders-db",
                "https://acme.example.com/orders-db", List.of(new StandardLabels.License("Apache-2.0", null)),
                Instant.parse("2024-05-01T12:00:00Z"));
        String labelled = assertGolden("minimal", "standard-labels", List.of(), ImageSettings.builder()
                .labels(standard.under(Map.of("org.opencontainers.image.title", "acme postgres")))
                .build());

        String plain = new DockerfileGenerator().generate(new ImagePlanner().plan(
                Path.of("src/test/resources/projects/minimal"), ImageSettings.builder().build()));
        int labels = labelled.indexOf("\nLABEL ");
        assertEquals(plain.substring(0, labels), labelled.substring(0, labels));
        assertTrue(labelled.substring(labels).lines().noneMatch(l -> l.startsWith("RUN ") || l.startsWith("COPY ")));
    }

    private static void assertGolden(String project, ImageSettings settings) throws IOException {
        assertGolden(project, List.of(), settings);
    }

    private static void assertGolden(String project, List<String> shared, ImageSettings settings) throws IOException {
        assertGolden(project, project, shared, settings);
    }

    /**
     * The projects are read where Git checked them out (not from target/test-classes, whose copies lose links and
     * modes): the context keeps each file's mode and links, as the checkout has them.
     */
    private static String assertGolden(String project, String name, List<String> shared, ImageSettings settings)
            throws IOException {
        Path projects = Path.of("src/test/resources/projects");
        ImagePlan plan = new ImagePlanner().plan(projects.resolve(project),
                shared.stream().map(projects::resolve).toList(), settings);
        String actual = new DockerfileGenerator().generate(plan);
        Path golden = Path.of("src/test/resources/golden", name + ".Dockerfile");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, "generated Dockerfile for " + project);

        // What the context carries besides the Dockerfile, with the mode each file gets in the tar (the checkout's,
        // without the group and others' write bits a umask of 002 adds: Git records only the executable bit), links
        // with their target; then what the plan tells the user.
        String listing = new ContextAssembler().entries(plan, actual).stream()
                .map(e -> String.format("%o %s%s%n", e.isLink() ? e.mode() : e.mode() & ~022, e.path(),
                        e.isLink() ? " -> " + e.linkTarget() : ""))
                .collect(Collectors.joining())
                + plan.notes().stream().map(n -> "info: " + n + "\n").collect(Collectors.joining())
                + plan.warnings().stream().map(w -> "warning: " + w + "\n").collect(Collectors.joining());
        Path goldenListing = Path.of("src/test/resources/golden", name + ".context.txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(goldenListing, listing, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(goldenListing, StandardCharsets.UTF_8), listing, "context files of " + project);
        return actual;
    }

}
