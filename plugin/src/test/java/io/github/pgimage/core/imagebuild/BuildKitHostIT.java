package io.github.pgimage.core.imagebuild;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.buildkit.SampleProject;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.TestEngine;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.json.JsonTree;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code BUILDKIT_HOST}, buildctl's variable, names the standalone BuildKit a build uses when the {@code builder}
 * parameter is not set: a daemon on a socket file ({@link BuildKitRelay#onSocket}, the engine's own BuildKit as plain
 * gRPC), which the log's {@code Builder:} line and the report's {@code builder.reason} name as chosen by
 * {@code BUILDKIT_HOST}; an explicit {@code builder=auto} ignores it.
 */
class BuildKitHostIT {
    @TempDir
    Path work;

    @Test
    void buildkitHostChoosesTheDaemonAndTheLogAndReportSaySo() throws Exception {
        EngineGateway client = TestEngine.shared();
        EngineEndpoint engine = client.endpoint();
        Path socket = work.resolve("buildkitd.sock");
        String address = "unix://" + socket;
        String tag = "pgimage-it/buildkit-host:" + UUID.randomUUID().toString().substring(0, 8);
        try (BuildKitRelay daemon = BuildKitRelay.onSocket(Path.of(engine.host().getPath()), socket)) {
            try {
                LinesListener lines = new LinesListener();
                BuilderSetting fromEnv = BuilderSetting.resolve(null, null, Map.of("BUILDKIT_HOST", address));
                ImageBuild.Outcome outcome = build(tag, fromEnv, lines);

                String reason = "BUILDKIT_HOST=" + address + " (the builder parameter is not set)";
                assertTrue(daemon.connections() >= 1, "the build went to the daemon");
                assertEquals(BuilderInfo.Api.GRPC, outcome.builder().api());
                assertEquals(address, outcome.builder().via());
                assertEquals(reason, outcome.builder().reason());
                assertTrue(lines.lines().stream().anyMatch(line -> line.startsWith("Builder: ") && line.endsWith(reason)),
                        lines.all());
                assertEquals(reason, JsonTree.text(JsonTree.object(JsonTree.parse(work.resolve("out/build-report.json")))
                        .get("builder"), "reason"));
                assertEquals(Optional.of(outcome.result().imageId()), client.imageId(tag),
                        "the engine's BuildKit exported into the engine, where the tag moved");

                int before = daemon.connections();
                ImageBuild.Outcome auto = build(tag, BuilderSetting.resolve("auto", null,
                        Map.of("BUILDKIT_HOST", address)), new LinesListener());
                assertEquals(before, daemon.connections(), "builder=auto ignores BUILDKIT_HOST");
                assertTrue(auto.builder().reason().startsWith("auto"), auto.builder().reason());
            } finally {
                client.removeImage(tag);
            }
        }
    }

    private ImageBuild.Outcome build(String tag, BuilderSetting builder, LinesListener lines) throws Exception {
        Path root = SampleProject.layout(work.resolve("project"), Map.of(
                "setup/scripts/01-hello.sh", "#!/bin/sh\necho \"built by a standalone BuildKit\"\n",
                "entrypoint.d/scripts/10-hello.sh", "#!/bin/sh\necho hello\n"));
        ImagePlan plan = new ImagePlanner().plan(root, ImageSettings.builder().runAsUser("root").aptCache(false).build());
        return ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse(tag)))
                .environment(Map.of())
                .builder(builder)
                .build()
                .run(plan, lines);
    }
}
