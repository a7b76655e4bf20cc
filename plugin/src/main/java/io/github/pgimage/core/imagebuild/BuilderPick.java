package io.github.pgimage.core.imagebuild;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.pgimage.core.buildkit.BuildApiBuilder;
import io.github.pgimage.core.buildkit.BuildahBuilder;
import io.github.pgimage.core.buildkit.Builder;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.Feature;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.buildkit.grpc.GrpcBuilder;
import io.github.pgimage.core.engine.EngineCapabilities;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;

/**
 * Which of an engine's doors builds: {@code builder=grpc} and {@code build-api} force one; {@code auto} takes the
 * cheapest that has every feature the build needs (and, where one has them, what it would rather have).
 * {@code POST /build} is the cheapest: in a fresh JVM, BuildKit's gRPC API costs grpc-java, Netty and protobuf
 * starting (about 1.2 s, docs/BENCHMARKS.md), for an ordinary build's identical engine work. The gRPC door is taken when the build
 * needs what only it does (several platforms, cache exports, attestations, an archive, a push by BuildKit, checking
 * a foreign platform against the workers), or when the context is large enough that sending only its changed files
 * wins ({@link #FILE_SYNC_FILES}). Podman has one door: Buildah's.
 */
final class BuilderPick {
    /**
     * From this many context files on, {@code auto} takes the gRPC door, which sends only the files whose content
     * changed. Measured with bench/grpc-bench.sh (docs/BENCHMARKS.md, "Where the doors cross"; engine C, fresh JVM,
     * files of 0.2-3 KiB, one edited, medians of 5 on 2026-12-07): {@code POST /build} 0.62 / 1.16 / 1.42 / 1.83 /
     * 2.66 s at 1,000 / 3,000 / 5,000 / 7,000 / 10,000 files, gRPC 1.02 / 1.41 / 1.65 / 2.01 / 2.37 s: they cross
     * near 8,000.
     */
    static final int FILE_SYNC_FILES = 8_000;

    /** Engine API 1.53 (Docker 29.2) deprecates {@code POST /session}, the back channel of {@code POST /build}. */
    static final String SESSION_DEPRECATED_API = "1.53";

    private BuilderPick() {
    }

    /**
     * @param contextFiles how many files the build's context holds
     * @param where        names the engine in messages
     * @throws EngineException the engine has no door for this setting (no BuildKit; gRPC forced where none answers)
     */
    static Builder onEngine(BuildOptions options, Set<Feature> wants, EngineGateway engine, int contextFiles,
                            String where) throws EngineException {
        BuilderSetting setting = options.builder();
        if (engine.version().isPodman()) {
            if (setting.mode() == BuilderSetting.Mode.GRPC) {
                throw new EngineException(FeatureCheck.capitalized(where) + " is Podman, which builds with Buildah, not BuildKit:"
                        + " it has no BuildKit gRPC API to build with. Use auto or build-api as the builder, or build"
                        + " on Docker.", io.github.pgimage.core.Setting.BUILDER, setting.toString(), null);
            }
            return new BuildahBuilder(engine);
        }
        EngineCapabilities.of(engine.version()).requireBuildKit(engine.endpoint());
        boolean sessions = !EngineCapabilities.atLeast(engine.version().apiVersion(), SESSION_DEPRECATED_API);
        if (setting.mode() == BuilderSetting.Mode.BUILD_API) {
            return buildApi(engine, sessions, "builder=build-api");
        }
        if (setting.mode() == BuilderSetting.Mode.GRPC) {
            return GrpcBuilder.onEngine(setting, engine, "builder=grpc").builder();
        }
        String why = whyGrpc(options.needs(), wants, BuildApiBuilder.features(sessions), contextFiles, engine);
        if (why == null) {
            return buildApi(engine, sessions, "auto: an ordinary build, which the engine's POST /build does whole;"
                    + " it starts faster than BuildKit's gRPC API in a fresh JVM");
        }
        GrpcBuilder.warmUp();
        GrpcBuilder.Opened grpc = GrpcBuilder.onEngine(setting, engine, "auto: " + why);
        if (grpc.builder() != null) {
            return grpc.builder();
        }
        return buildApi(engine, sessions, "auto: " + why + ", but no gRPC door answered ("
                + String.join("; ", grpc.tried()) + ")");
    }

    /**
     * Why {@code auto} should take the gRPC door, or null when {@code POST /build} does it all: what the build needs or
     * would rather have that {@code POST /build} lacks and the engine's gRPC door has.
     */
    static String whyGrpc(Set<Feature> needs, Set<Feature> wants, Set<Feature> buildApi, int contextFiles,
                          EngineGateway engine) {
        Set<Feature> missing = EnumSet.noneOf(Feature.class);
        missing.addAll(needs);
        missing.addAll(wants);
        missing.removeAll(buildApi);
        if (!missing.isEmpty()) {
            Set<Feature> wanted = EnumSet.copyOf(missing);
            wanted.removeAll(needs);
            // What is only wanted (a push by BuildKit, above all) is worth the gRPC door where it has it: not on
            // the classic store, whose exporter neither pushes nor keeps indexes.
            if (!missing.equals(wanted) || !engineStoreLacks(wanted, engine)) {
                return missing.stream().map(BuilderPick::words).collect(Collectors.joining(", "))
                        + (missing.size() == 1 ? " needs" : " need") + " BuildKit's gRPC API";
            }
        }
        if (contextFiles >= FILE_SYNC_FILES) {
            return "the context has " + contextFiles + " files (" + FILE_SYNC_FILES + " or more): BuildKit's gRPC API"
                    + " sends only those whose content changed";
        }
        return null;
    }

    /** Whether the engine's gRPC door would lack all of {@code wanted} too (it asks the engine for its image store). */
    private static boolean engineStoreLacks(Set<Feature> wanted, EngineGateway engine) {
        BuilderInfo.Store store = engine.containerdImageStore() ? BuilderInfo.Store.CONTAINERD : BuilderInfo.Store.ENGINE;
        Set<Feature> grpc = GrpcBuilder.features(store, "unknown");
        return wanted.stream().noneMatch(grpc::contains);
    }

    private static Builder buildApi(EngineGateway engine, boolean sessions, String reason) {
        BuilderInfo.Store store = engine.containerdImageStore() ? BuilderInfo.Store.CONTAINERD : BuilderInfo.Store.ENGINE;
        return new BuildApiBuilder(engine, new BuilderInfo(BuilderInfo.Api.BUILD_API,
                BuilderInfo.embeddedBuildKit(engine.version()).orElse("unknown"), store, "POST /build", reason), sessions);
    }

    /** A feature in the words of the settings that ask for it. */
    static String words(Feature feature) {
        return switch (feature) {
            case MULTI_PLATFORM -> "several platforms";
            case PLATFORM_LIST -> "checking the platforms against BuildKit's workers";
            case CACHE_IMPORT -> "cacheFrom";
            case INLINE_CACHE -> "inline cache";
            case REGISTRY_CACHE_EXPORT -> "cacheTo type=registry";
            case LOCAL_CACHE_IMPORT -> "cacheFrom type=local";
            case LOCAL_CACHE_EXPORT -> "cacheTo type=local";
            case ATTESTATIONS -> "attestations";
            case OCI_ARCHIVE -> "archive";
            case PUSH -> "a push by BuildKit";
            case PUSH_WITHOUT_LOAD -> "load=false";
            case SECRETS -> "build secrets";
            case REGISTRY_LOGINS -> "registry logins for pulls";
            case CONTEXT_FILE_SYNC -> "the context over file sync";
        };
    }
}
