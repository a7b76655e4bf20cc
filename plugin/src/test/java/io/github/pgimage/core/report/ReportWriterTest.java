package io.github.pgimage.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.registry.DigestFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ReportWriterTest {
    private static final String ID = "sha256:" + "ab".repeat(32);
    @TempDir
    Path dir;

    @Test
    void writesTheReportInTheDocumentedShape() throws Exception {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("[setup 2/12] RUN sh /tmp/01.sh", "setup", false, 1234, null, List.of("hello")));
        for (int i = 3; i <= 12; i++) {
            steps.add(new Step("[setup " + i + "/12] RUN sh /tmp/x.sh", "setup", true, 0, null, List.of()));
        }
        BuildResult result = new BuildResult(ID, List.of("acme/postgres:15"), steps,
                new EngineVersion("20.10.24+dfsg1", "1.41"), 4321);

        Path file = new ReportWriter().write(dir.resolve("target/postgres-image"),
                BuildReport.of("acme/postgres:15", "sha256:" + "cd".repeat(32), result));

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(List.of("image", "imageId", "contextDigest", "engine", "durationMillis", "steps", "stepsTotal",
                "stepsCached", "cacheHitRate", "cacheArguments", "inputs"), fieldNames(json));
        assertEquals("acme/postgres:15", json.get("image").asText());
        assertEquals(ID, json.get("imageId").asText());
        assertEquals("sha256:" + "cd".repeat(32), json.get("contextDigest").asText());
        assertEquals("{\"kind\":\"docker\",\"version\":\"20.10.24+dfsg1\",\"apiVersion\":\"1.41\"}", json.get("engine").toString());
        assertEquals(4321, json.get("durationMillis").asLong());
        assertEquals("{\"name\":\"[setup 2/12] RUN sh /tmp/01.sh\",\"stage\":\"setup\",\"cached\":false,\"durationMillis\":1234}",
                json.get("steps").get(0).toString());
        assertEquals(11, json.get("steps").size());
        assertEquals(11, json.get("stepsTotal").asInt());
        assertEquals(10, json.get("stepsCached").asInt());
        assertEquals(0.909, json.get("cacheHitRate").asDouble());
        assertEquals(ID + "\n", Files.readString(dir.resolve("target/postgres-image/image.id")));
    }

    @Test
    void aNewImageIdRemovesTheDigestAnEarlierImageWasPushedAs() throws Exception {
        Path out = dir.resolve("target/postgres-image");
        DigestFile.write(out, "sha256:" + "0d".repeat(32));
        BuildResult result = new BuildResult(ID, List.of(), List.of(), new EngineVersion("20.10.24", "1.41"), 1);

        new ReportWriter().write(out, BuildReport.of("pg:1", "sha256:x", result));

        assertEquals(ID + "\n", Files.readString(out.resolve("image.id")));
        assertFalse(Files.exists(out.resolve("image.digest")), "image.digest would name another image than image.id");
    }

    @Test
    void howTheContextWasSentFollowsItsDigest() throws Exception {
        BuildResult result = new BuildResult(ID, List.of(), List.of(), new EngineVersion("20.10.24", "1.41"), 1);

        Path file = new ReportWriter().write(dir, BuildReport.of("pg:1", "sha256:x", result)
                .withContext(new BuildReport.ContextSent("session", 38, 1, 312)));

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(List.of("image", "imageId", "contextDigest", "context", "engine", "durationMillis", "steps",
                "stepsTotal", "stepsCached", "cacheHitRate", "cacheArguments", "inputs"), fieldNames(json));
        assertEquals("{\"transfer\":\"session\",\"filesListed\":38,\"filesSent\":1,\"bytesSent\":312}",
                json.get("context").toString());
    }

    @Test
    void theBuilderFollowsTheEngineAndSurvivesTheCacheHistory() throws Exception {
        BuildResult result = new BuildResult(ID, List.of(), List.of(), new EngineVersion("20.10.24", "1.41"), 1);

        Path file = new ReportWriter().write(dir, BuildReport.of("pg:1", "sha256:x", result,
                        new BuilderInfo(BuilderInfo.Api.GRPC, "v0.8", BuilderInfo.Store.ENGINE, "POST /grpc"))
                .withCacheHistory(List.of(), Map.of(), Map.of()));

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(List.of("image", "imageId", "contextDigest", "engine", "builder", "durationMillis", "steps",
                "stepsTotal", "stepsCached", "cacheHitRate", "cacheArguments", "inputs"), fieldNames(json));
        assertEquals("{\"api\":\"grpc\",\"buildkit\":\"v0.8\",\"imageStore\":\"engine\",\"via\":\"POST /grpc\"}",
                json.get("builder").toString());
    }

    @Test
    void noStepsMeansAHitRateOfZeroAndFilesAreReplaced() throws Exception {
        BuildResult result = new BuildResult(ID, List.of(), List.of(), new EngineVersion("26.1.5", "1.45"), 1);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("image.id"), "sha256:old\n");

        new ReportWriter().write(dir, BuildReport.of("pg:1", "sha256:x", result));

        JsonNode json = new ObjectMapper().readTree(dir.resolve("build-report.json").toFile());
        assertEquals(0, json.get("stepsTotal").asInt());
        assertEquals(0.0, json.get("cacheHitRate").asDouble());
        assertEquals(ID + "\n", Files.readString(dir.resolve("image.id")));
        // nothing but the report, the id, the page and the history: the temporary files were moved into place
        try (var files = Files.list(dir)) {
            assertEquals(List.of("build-report.html", "build-report.json", "history", "image.id"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (var files = Files.list(dir.resolve("history"))) {
            assertEquals(1, files.filter(p -> !p.getFileName().toString().startsWith(".")).count());
        }
    }

    @Test
    void writesTheSameBytesAsJacksonDatabindFromTheRecordsAnnotations() throws Exception {
        List<Step> steps = List.of(
                new Step("[linux/amd64 setup 2/3] RUN sh /tmp/01.sh", "setup", false, 12, null, List.of()),
                new Step("[linux/arm64 setup 2/3] RUN sh /tmp/01.sh", "setup", true, 0, null, List.of()));
        BuildResult result = new BuildResult(ID, List.of("acme/pg:1"), steps, new EngineVersion("28.5.1", "1.51"), 99);
        BuildReport full = BuildReport.of("acme/pg:1", "sha256:x", result, new BuilderInfo(BuilderInfo.Api.GRPC, "v0.25", BuilderInfo.Store.CONTAINERD, "POST /grpc"))
                .withCacheHistory(java.util.Arrays.asList("setup script changed: \"01.sh\" \u00e9", null),
                        Map.of("a", "1", "b\tc", "2"), Map.of("image/setup/01.sh", "sha256:1"))
                .withContext(new BuildReport.ContextSent("session", 38, 1, 312))
                .withPlatforms(List.of("linux/amd64", "linux/arm64"))
                .withCache(new BuildReport.Cache(List.of("type=registry,ref=r/c"), List.of("type=inline")))
                .withPushed(new BuildReport.Pushed("sha256:d", List.of("r/pg:1", "r/pg:latest")))
                .withAttestations(new BuildReport.Attested("min", null))
                .withDetails(java.time.Instant.parse("2026-12-07T10:15:30.123456Z"),
                        new BuildReport.Layers("engine history", "linux/amd64", 300, "debian:bookworm-slim", 200, 1, List.of(
                                new BuildReport.Layer("[linux/amd64 setup 2/3] RUN sh /tmp/01.sh", "setup",
                                        "RUN /bin/sh -c sh /tmp/01.sh", 100),
                                new BuildReport.Layer(null, null, "ADD x /", 0))),
                        List.of("entrypoint.d/scripts/init.sql: the default entrypoint never runs it"));
        BuildReport withContents = full.withContext(full.context().withContents(24, 27329, List.of("config/a.bak")));
        BuildReport failed = BuildReport.ofFailure("pg:1", "sha256:x", new EngineVersion("28.5.1", "1.51"), null,
                new BuildFailedException("ignored", new Step("[setup 3/3] RUN x", "setup", false, 5, "exit code: 1",
                        List.of("<script>", "\u001b[31mred")), steps), 70, line -> line);
        BuildReport bare = new BuildReport("pg:1", null, null, null, 0, List.of(), 0, 0, 0);
        ObjectMapper databind = new ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

        for (BuildReport report : List.of(full, withContents, failed, bare, BuildReport.of("pg:1", "sha256:x",
                new BuildResult(ID, List.of(), List.of(), new EngineVersion("20.10.24", "1.41"), 1)))) {
            assertEquals(databind.writeValueAsString(report),
                    new String(ReportWriter.bytes(report), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void thePageAndTheHistoryEntryAreWrittenWithTheReport() throws Exception {
        BuildResult result = new BuildResult(ID, List.of(), List.of(new Step("[setup 2/2] RUN sh /x.sh", "setup", false,
                5, null, List.of())), new EngineVersion("20.10.24", "1.41"), 9);
        new ReportWriter().write(dir, BuildReport.of("pg:1", "sha256:x", result)
                .withDetails(java.time.Instant.parse("2026-12-07T10:15:30Z"), null, List.of()));

        String html = Files.readString(dir.resolve("build-report.html"));
        assertEquals(true, html.contains("[setup 2/2] RUN sh /x.sh"), html);
        assertEquals(ID + "\n", Files.readString(dir.resolve("image.id")));
        assertEquals(1, BuildHistory.read(dir).size());
    }

    @Test
    void aFailedBuildKeepsTheLastImageIdAndDigest() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("image.id"), "sha256:last-good\n");
        Files.writeString(dir.resolve("image.digest"), "sha256:pushed\n");

        new ReportWriter().write(dir, BuildReport.ofFailure("pg:1", "sha256:x", new EngineVersion("20.10.24", "1.41"),
                null, new BuildFailedException("no space left on device", null), 3, line -> line)
                .withDetails(java.time.Instant.parse("2026-12-07T10:15:30Z"), null, List.of()));

        assertEquals("sha256:last-good\n", Files.readString(dir.resolve("image.id")));
        assertEquals("sha256:pushed\n", Files.readString(dir.resolve("image.digest")), "it still names the last image");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("build-report.json").toFile());
        assertEquals("{\"step\":null,\"error\":\"The image build failed: no space left on device\",\"output\":[]}",
                json.get("failed").toString());
        assertEquals(true, json.get("imageId").isNull());
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
