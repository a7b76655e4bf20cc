package io.github.pgimage.core.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
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
        String labelled = assertGolden("minimal", "standard-labels", ImageSettings.builder()
                .labels(standard.under(Map.of("org.opencontainers.image.title", "acme postgres")))
                .build());

        String plain = new DockerfileGenerator().generate(
                new ImagePlanner().plan(resource("projects/minimal"), ImageSettings.builder().build()));
        int labels = labelled.indexOf("\nLABEL ");
        assertEquals(plain.substring(0, labels), labelled.substring(0, labels));
        assertTrue(labelled.substring(labels).lines().noneMatch(l -> l.startsWith("RUN ") || l.startsWith("COPY ")));
    }

    private static String assertGolden(String project, ImageSettings settings) throws IOException, URISyntaxException {
        return assertGolden(project, project, settings);
    }

    private static String assertGolden(String project, String name, ImageSettings settings)
            throws IOException, URISyntaxException {
        ImagePlan plan = new ImagePlanner().plan(resource("projects/" + project), settings);
        String actual = new DockerfileGenerator().generate(plan);
        Path golden = Path.of("src/test/resources/golden", name + ".Dockerfile");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, "generated Dockerfile for " + project);

        // What the context carries besides the Dockerfile, with the mode each file gets in the tar.
        String listing = new ContextAssembler().entries(plan, actual).stream()
                .map(e -> String.format("%o %s%n", e.mode(), e.path()))
                .collect(Collectors.joining());
        Path goldenListing = Path.of("src/test/resources/golden", name + ".context.txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(goldenListing, listing, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(goldenListing, StandardCharsets.UTF_8), listing, "context files of " + project);
        return actual;
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(DockerfileGoldenTest.class.getClassLoader().getResource(name).toURI());
    }
}
