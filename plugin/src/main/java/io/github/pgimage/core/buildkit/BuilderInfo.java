package io.github.pgimage.core.buildkit;

import java.util.Locale;

/**
 * Which builder built the image and through which door, as the report's {@code builder} shows it.
 *
 * @param api        BuildKit's Control API, or an engine's {@code POST /build}
 * @param buildkit   BuildKit's version as the daemon names it ({@code v0.8} for Docker 20.10), {@code unknown}, or
 *                   {@code none} (Buildah)
 * @param imageStore where the image went
 * @param via        the door: {@code POST /grpc}, {@code engine socket}, {@code POST /build}, or a daemon's address
 * @param reason     why this door was taken (the {@code builder} setting, or what {@code auto} weighed); null until
 *                   chosen
 */
public record BuilderInfo(Api api, String buildkit, Store imageStore, String via, String reason) {

    /** The protocol the build is driven with. */
    public enum Api {
        /** BuildKit's gRPC Control API. */
        GRPC,
        /** The engine's {@code POST /build} (BuildKit with {@code version=2}, or Podman's Buildah). */
        BUILD_API;

        /** As the report writes it: {@code grpc}, {@code build-api}. */
        public String reportName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Where a builder's image lands. */
    public enum Store {
        /** The engine's classic image store: one platform per image, no exporters but its own. */
        ENGINE,
        /** The engine's containerd image store (Docker 29's default): indexes, attestations, BuildKit's exporters. */
        CONTAINERD,
        /** A standalone BuildKit daemon's own store. */
        BUILDKIT,
        /** Podman's store. */
        PODMAN;

        /** As the report writes it: {@code engine}, {@code containerd}, {@code buildkit}, {@code podman}. */
        public String reportName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public BuilderInfo(Api api, String buildkit, Store imageStore, String via) {
        this(api, buildkit, imageStore, via, null);
    }

    /** The door in words: {@code BuildKit v0.25.1 over POST /grpc}, {@code the engine's POST /build (BuildKit v0.8)}. */
    public String door() {
        if (api == Api.GRPC) {
            return "BuildKit " + buildkit + " over " + via;
        }
        return imageStore == Store.PODMAN ? via + " (Buildah)" : "the engine's " + via + " (BuildKit " + buildkit + ")";
    }

    public BuilderInfo withReason(String why) {
        return new BuilderInfo(api, buildkit, imageStore, via, why);
    }

    /** Whether a BuildKit version as daemons name it ({@code v0.25.1}, {@code v0.8}) is at least major.minor. */
    public static boolean atLeast(String buildkit, int major, int minor) {
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("v?(\\d+)\\.(\\d+).*").matcher(buildkit);
        if (!version.matches()) {
            return false; // unknown: take the older BuildKit's behaviour
        }
        int actualMajor = Integer.parseInt(version.group(1));
        return actualMajor > major || (actualMajor == major && Integer.parseInt(version.group(2)) >= minor);
    }

    /**
     * Engines before BuildKit v0.11 do not say their BuildKit's version; Docker 20.10 (the version most such engines
     * still run) embeds v0.8.
     */
    public static java.util.Optional<String> embeddedBuildKit(io.github.pgimage.core.engine.EngineVersion engine) {
        return engine.version() != null && engine.version().startsWith("20.10.") ? java.util.Optional.of("v0.8")
                : java.util.Optional.empty();
    }

    /** Whether BuildKit named a version at all ({@code unknown} and {@code none} do not). */
    public boolean knowsVersion() {
        return atLeast(buildkit, 0, 0);
    }
}
