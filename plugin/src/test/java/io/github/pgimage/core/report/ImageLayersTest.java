package io.github.pgimage.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.engine.FakeEngine;
import io.github.pgimage.core.engine.ImageHistory;
import io.github.pgimage.core.engine.ImageHistoryEntry;

/**
 * The image by layer: the engine's history split into the base image and the build's layers, each named by the step
 * that made it. The histories are shaped as engine 20.10's BuildKit and Podman's Buildah record them.
 */
class ImageLayersTest {
    private static final String RUN_03 = "[setup 3/4] RUN --mount=type=bind,source=setup/lib,target=/opt/pgimage/setup/lib"
            + "     --mount=type=cache,target=/var/cache/apt,sharing=locked     /opt/pgimage/setup/scripts/03-postgresql.sh";
    private static final String RUN_04 = "[setup 4/4] RUN --mount=type=bind,source=setup/lib,target=/opt/pgimage/setup/lib"
            + "     /opt/pgimage/setup/scripts/04-cleanup.sh";
    private static final String BUILD_01 = "[build 2/2] RUN --mount=type=bind,source=setup/build/01-ext.sh,target=/opt/"
            + "pgimage/setup/build/01-ext.sh     /opt/pgimage/setup/build/01-ext.sh";
    private static final String COPY_OUT = "[runtime 1/3] COPY --from=build /opt/pgimage/out/ /";
    private static final String COPY_CONFIG = "[runtime 2/3] COPY config/ /opt/pgimage/config/";
    private static final String COPY_SCRIPTS = "[runtime 3/3] COPY entrypoint.d/scripts/ /opt/pgimage/entrypoint.d/scripts/";
    private static final List<BuildReport.StepEntry> STEPS = List.of(
            step(RUN_03, "setup"), step(RUN_04, "setup"), step(BUILD_01, "build"), step(COPY_OUT, "runtime"),
            step(COPY_CONFIG, "runtime"), step(COPY_SCRIPTS, "runtime"));
    private static final List<ImageHistoryEntry> BASE = List.of(
            new ImageHistoryEntry("", 198_901_074, "Imported from -"));

    /** Engine 20.10's BuildKit: the RUN's mounts are not recorded, "# buildkit" ends each instruction. */
    private static final List<ImageHistoryEntry> BUILDKIT = List.of(
            new ImageHistoryEntry("", 198_901_074, "Imported from -"),
            buildkit("ENV PGIMAGE_HOME=/opt/pgimage", 0),
            buildkit("ARG PG_MAJOR", 0),
            buildkit("RUN |1 PG_MAJOR=15 /bin/sh -c /opt/pgimage/setup/scripts/03-postgresql.sh # buildkit", 272_749_760),
            buildkit("RUN |1 PG_MAJOR=15 /bin/sh -c /opt/pgimage/setup/scripts/04-cleanup.sh # buildkit", 0),
            buildkit("COPY /opt/pgimage/out/ / # buildkit", 1_411_023),
            buildkit("COPY config/ /opt/pgimage/config/ # buildkit", 1864),
            buildkit("COPY entrypoint.d/scripts/ /opt/pgimage/entrypoint.d/scripts/ # buildkit", 9320),
            buildkit("ENV LANG=C.UTF-8", 0),
            buildkit("USER postgres", 0),
            buildkit("CMD [\"postgres\"]", 0));

    @Test
    void eachLayerIsNamedByItsStepAndTheBaseIsApart() {
        BuildReport.Layers layers = ImageLayers.of(new ImageHistory(null, BUILDKIT), BASE, "debian:bookworm-slim", STEPS);

        assertEquals("engine history", layers.source());
        assertEquals(198_901_074 + 272_749_760 + 1_411_023 + 1864 + 9320, layers.totalBytes());
        assertEquals(198_901_074, layers.baseBytes());
        assertEquals(1, layers.baseLayers());
        assertEquals("debian:bookworm-slim", layers.baseImage());
        assertEquals(List.of(RUN_03, RUN_04, COPY_OUT, COPY_CONFIG, COPY_SCRIPTS),
                layers.entries().stream().map(BuildReport.Layer::step).toList(),
                "the builder stage's step has no layer in the image; an empty one is still the step's");
        BuildReport.Layer postgres = layers.entries().get(0);
        assertEquals("setup", postgres.stage());
        assertEquals(272_749_760, postgres.sizeBytes());
        assertEquals("RUN |1 PG_MAJOR=15 /bin/sh -c /opt/pgimage/setup/scripts/03-postgresql.sh", postgres.createdBy());
        assertEquals("runtime", layers.entries().get(2).stage(), "the builder's output is copied at runtime");
    }

    @Test
    void withoutTheBaseImageInTheEngineThePluginsFirstInstructionEndsTheBase() {
        List<ImageHistoryEntry> twoBaseLayers = new java.util.ArrayList<>(BUILDKIT);
        twoBaseLayers.add(0, new ImageHistoryEntry("/bin/sh -c #(nop) ADD file:abc in / ", 1000, ""));

        BuildReport.Layers layers = ImageLayers.of(new ImageHistory(null, twoBaseLayers), List.of(), "registry.example.com/debian:12", STEPS);

        assertEquals(2, layers.baseLayers());
        assertEquals(198_902_074, layers.baseBytes());
        assertEquals(5, layers.entries().size());
    }

    /** Podman 4.3's Buildah: the build arguments a RUN saw first, the mounts kept; copies name a content hash. */
    @Test
    void buildahsHistoryIsMatchedToo() {
        List<ImageHistoryEntry> buildah = List.of(
                new ImageHistoryEntry("", 198_901_074, "Imported from -"),
                new ImageHistoryEntry("/bin/sh -c #(nop) ENV PGIMAGE_HOME=/opt/pgimage", 0, ""),
                new ImageHistoryEntry("|1 PGIMAGE_INPUTS_03_POSTGRESQL=fb53b1477c78d615 /bin/sh -c --mount=type=bind,"
                        + "source=setup/scripts/03-postgresql.sh,target=/opt/pgimage/setup/scripts/03-postgresql.sh     "
                        + "/opt/pgimage/setup/scripts/03-postgresql.sh", 272_000_000, ""),
                new ImageHistoryEntry("|2 PGIMAGE_INPUTS_03_POSTGRESQL=fb53b1477c78d615 PGIMAGE_INPUTS_04_CLEANUP=544a1a3"
                        + " /bin/sh -c /opt/pgimage/setup/scripts/04-cleanup.sh", 512, ""),
                new ImageHistoryEntry("/bin/sh -c #(nop) COPY dir:4b1e in / ", 1_411_023, ""),
                new ImageHistoryEntry("/bin/sh -c #(nop) COPY dir:9c0f in /opt/pgimage/config/ ", 2048, ""),
                new ImageHistoryEntry("/bin/sh -c #(nop) COPY dir:77aa in /opt/pgimage/entrypoint.d/scripts/ ", 10_240, ""));

        BuildReport.Layers layers = ImageLayers.of(new ImageHistory("linux/amd64", buildah), BASE, "debian:bookworm-slim", STEPS);

        assertEquals(List.of(RUN_03, RUN_04, COPY_OUT, COPY_CONFIG, COPY_SCRIPTS),
                layers.entries().stream().map(BuildReport.Layer::step).toList());
        assertEquals("COPY dir:9c0f in /opt/pgimage/config/", layers.entries().get(3).createdBy());
    }

    @Test
    void aLayerNoStepMadeKeepsItsInstructionAndEveryPlatformsStepCountsOnce() {
        List<ImageHistoryEntry> history = List.of(BASE.get(0),
                buildkit("RUN /bin/sh -c /opt/pgimage/setup/scripts/03-postgresql.sh # buildkit", 5000),
                buildkit("ADD https://example.com/x.tar.gz /opt/ # buildkit", 700));

        BuildReport.Layers layers = ImageLayers.of(new ImageHistory(null, history), BASE, "debian:bookworm-slim",
                run03For("linux/amd64", "linux/arm64"));

        assertEquals(2, layers.entries().size());
        assertTrue(layers.entries().get(0).step().startsWith("[linux/amd64 setup 3/4]"));
        assertNull(layers.entries().get(1).step());
        assertNull(layers.entries().get(1).stage());
        assertEquals("ADD https://example.com/x.tar.gz /opt/", layers.entries().get(1).createdBy());
    }

    /** In a build for several platforms the layers are named by the steps of the platform the history describes. */
    @Test
    void anIndexsLayersAreNamedByItsPlatformsSteps() {
        List<ImageHistoryEntry> history = List.of(BASE.get(0),
                buildkit("RUN /bin/sh -c /opt/pgimage/setup/scripts/03-postgresql.sh # buildkit", 5000));

        BuildReport.Layers layers = ImageLayers.of(new ImageHistory("linux/amd64", history), BASE,
                "debian:bookworm-slim", run03For("linux/arm64", "linux/amd64"));

        assertEquals("linux/amd64", layers.platform());
        assertEquals(List.of("[linux/amd64 " + RUN_03.substring(1)),
                layers.entries().stream().map(BuildReport.Layer::step).toList());
    }

    /**
     * A base image without history (engine 28.5, containerd image store, an index built on a busybox base): BuildKit
     * adds an entry for the undescribed layer at the end, and every other entry carries the size of the layer before
     * its own. The sizes go back to their layers, the added one to the base image.
     */
    @Test
    void aLayerTheBaseImagesHistoryDoesNotDescribeIsTheBaseImages() {
        List<ImageHistoryEntry> recorded = List.of(
                buildkit("ENV PGIMAGE_HOME=/opt/pgimage", 0),
                buildkit("RUN /bin/sh -c /opt/pgimage/setup/scripts/03-postgresql.sh # buildkit", 2_195_456),
                buildkit("RUN /bin/sh -c /opt/pgimage/setup/scripts/04-cleanup.sh # buildkit", 24_576),
                buildkit("COPY config/ /opt/pgimage/config/ # buildkit", 12_288),
                buildkit("COPY entrypoint.d/scripts/ /opt/pgimage/entrypoint.d/scripts/ # buildkit", 16_384),
                buildkit("CMD [\"postgres\"]", 0),
                new ImageHistoryEntry("[linux/amd64 runtime 3/3] COPY entrypoint.d/scripts/ /opt/pgimage/entrypoint.d/"
                        + "scripts/", 24_576, "buildkit.exporter.image.v0"));

        BuildReport.Layers layers = ImageLayers.of(new ImageHistory("linux/amd64", recorded), List.of(),
                "localhost:5000/busybox:multi", STEPS);

        assertEquals(2_195_456 + 24_576 + 12_288 + 16_384 + 24_576, layers.totalBytes());
        assertEquals(2_195_456, layers.baseBytes(), "the first layer is the base image's");
        assertEquals(1, layers.baseLayers());
        assertEquals(List.of(24_576L, 12_288L, 16_384L, 24_576L),
                layers.entries().stream().map(BuildReport.Layer::sizeBytes).toList());
        assertEquals(List.of(RUN_03, RUN_04, COPY_CONFIG, COPY_SCRIPTS),
                layers.entries().stream().map(BuildReport.Layer::step).toList());
    }

    @Test
    void theEngineIsAskedForBothHistoriesAndAnImageWithoutOneHasNoLayers() throws Exception {
        FakeEngine engine = new FakeEngine();
        engine.histories.put("sha256:built", new ImageHistory("linux/amd64", BUILDKIT));
        engine.histories.put("debian:bookworm-slim", new ImageHistory("linux/amd64", BASE));

        assertEquals(5, ImageLayers.read(engine, "sha256:built", "debian:bookworm-slim", STEPS).orElseThrow()
                .entries().size());
        assertFalse(ImageLayers.read(engine, "sha256:gone", "debian:bookworm-slim", STEPS).isPresent());
        assertEquals(List.of("imageHistory sha256:built", "imageHistory debian:bookworm-slim",
                "imageHistory sha256:gone"), engine.calls);
    }

    /** Setup step 03 as a build for several platforms names it, once per platform, in this order. */
    private static List<BuildReport.StepEntry> run03For(String... platforms) {
        return java.util.Arrays.stream(platforms).map(platform -> new BuildReport.StepEntry(
                "[" + platform + " " + RUN_03.substring(1), "setup", false, 10, "edited", platform)).toList();
    }

    private static BuildReport.StepEntry step(String name, String stage) {
        return new BuildReport.StepEntry(name, stage, false, 100, "edited");
    }

    private static ImageHistoryEntry buildkit(String createdBy, long size) {
        return new ImageHistoryEntry(createdBy, size, "buildkit.dockerfile.v0");
    }
}
