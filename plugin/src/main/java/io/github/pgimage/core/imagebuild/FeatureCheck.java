package io.github.pgimage.core.imagebuild;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.Attestations;
import io.github.pgimage.core.buildkit.Builder;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.Feature;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.image.Platform;

/**
 * The one check before anything is sent: what the build needs ({@link BuildOptions#needs}) against what the chosen
 * builder declares ({@link Builder#features}), then the platforms its workers run and the SBOM scanner it would use.
 * A build that would fail late (after minutes of emulated steps) or silently do less than asked fails first, naming
 * the setting, why this builder cannot, and what would work.
 */
final class FeatureCheck {
    /** How to get QEMU's emulators where the engine runs. */
    static final String INSTALL_EMULATORS = "install QEMU's user-mode emulators where the engine runs (Debian/Ubuntu:"
            + " mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc; apt-get install qemu-user-static"
            + " binfmt-support; Docker Desktop has them already)";
    private static final String CONTAINERD_STORE = "Turn on the engine's containerd image store (\"features\":"
            + " {\"containerd-snapshotter\": true} in daemon.json; the default of Docker 29)";

    private FeatureCheck() {
    }

    /**
     * @param where  names the engine or daemon in messages: {@code the engine at unix:///run/docker.sock}, {@code the
     *               BuildKit daemon at tcp://buildkit:1234}
     * @param engine the engine whose store gets the image, or null (a daemon's own store)
     * @throws PgImageException naming the setting and its value
     */
    static void beforeBuild(BuildOptions options, Builder builder, String where, EngineGateway engine)
            throws PgImageException {
        if (!options.load() && !options.push()) {
            throw new InvalidSettingException(Setting.LOAD, "false", "load=false keeps the image out of the engine's"
                    + " store, and without push it would go nowhere. Set push=true as well (a release pipeline's"
                    + " build and push), or leave load at true.");
        }
        Set<Feature> features = builder.features();
        for (Feature needed : options.needs()) {
            if (!features.contains(needed)) {
                throw refusal(needed, options, builder.info(), where);
            }
        }
        runnable(options.platforms(), builder.platforms(), where);
        scannerPresent(options.attestations(), builder.info(), where, engine);
    }

    /** Why {@code builder} cannot do {@code feature}, in the words of the setting that asked for it. */
    static PgImageException refusal(Feature feature, BuildOptions options, BuilderInfo builder, String where) {
        Kind kind = Kind.of(builder);
        String platforms = String.join(",", options.platformNames());
        return switch (feature) {
            case MULTI_PLATFORM -> new InvalidSettingException(Setting.PLATFORMS, platforms, switch (kind) {
                case PODMAN -> podman(where) + ": the plugin builds one image index for several platforms with"
                        + " BuildKit only. Build one platform, or build on Docker with the containerd image store.";
                case BUILD_API -> "Building for " + platforms + " makes one image index, which BuildKit builds through"
                        + " its gRPC API only; " + where + " builds through the engine's POST /build, one platform at a"
                        + " time. Use builder=auto or grpc (Docker 19.03 or newer) with the containerd image store, or a"
                        + " standalone BuildKit daemon, or build one platform.";
                default -> "Building for " + platforms + " makes one image index, but " + where + " keeps images in"
                        + " its classic image store, which holds one platform per image, and its BuildKit can neither"
                        + " push nor archive an index. " + CONTAINERD_STORE + ", or build with a standalone BuildKit"
                        + " daemon (builder=unix:///…/buildkitd.sock or tcp://…) and push or archive the image, or build"
                        + " one platform.";
            });
            case OCI_ARCHIVE -> new InvalidSettingException(Setting.ARCHIVE, "true", switch (kind) {
                case PODMAN -> podman(where) + ": the OCI archive is written by BuildKit's OCI exporter. Turn archive"
                        + " off, or build on Docker with the containerd image store.";
                case BUILD_API -> "An OCI archive is written by BuildKit's OCI exporter through its gRPC API; " + where
                        + " builds through the engine's POST /build. Use builder=auto or grpc with the containerd image"
                        + " store, or a standalone BuildKit daemon, or turn archive off.";
                case GRPC_CLASSIC -> "An OCI archive is written by BuildKit's OCI exporter, which the BuildKit of "
                        + where + " lacks with the classic image store. " + CONTAINERD_STORE + ", or build with a"
                        + " standalone BuildKit daemon, or turn archive off.";
                case GRPC -> "An OCI archive needs BuildKit v0.13 or newer (Docker 25 or newer); " + where + " has"
                        + " BuildKit " + builder.buildkit() + ". Update the engine or the daemon, or turn archive off.";
            });
            case CACHE_IMPORT, LOCAL_CACHE_IMPORT -> cacheImport(kind, options, builder, where);
            case REGISTRY_CACHE_EXPORT, LOCAL_CACHE_EXPORT -> cacheExport(feature, kind, options, builder, where);
            case INLINE_CACHE -> new EngineException(podman(where) + ": it cannot write BuildKit's inline cache"
                    + " metadata into the image. Turn inline cache off, or build on Docker.", Setting.INLINE_CACHE,
                    "true", null);
            case ATTESTATIONS -> attestations(kind, options.attestations(), builder, where);
            case PUSH_WITHOUT_LOAD -> new InvalidSettingException(Setting.LOAD, "false", switch (kind) {
                case PODMAN -> podman(where) + ": the image goes into Podman's store as it is built. Leave load at"
                        + " true (push then goes through the engine), or build on Docker with the containerd image"
                        + " store.";
                case BUILD_API -> "load=false pushes the image as BuildKit exports it, without the engine's store;"
                        + " " + where + " builds through the engine's POST /build, which always stores it there. Use"
                        + " builder=auto or grpc with the containerd image store, or a standalone BuildKit daemon, or"
                        + " leave load at true.";
                default -> "load=false pushes the image as BuildKit exports it, without the engine's store; the"
                        + " classic image store of " + where + " has no exporter that pushes. " + CONTAINERD_STORE
                        + ", or build with a standalone BuildKit daemon, or leave load at true (the engine pushes"
                        + " after the build).";
            });
            case SECRETS -> new EngineException("Build secrets are served over a BuildKit session, which " + where
                    + " does not offer through " + describe(builder) + ". Build through BuildKit's gRPC API (builder"
                    + " auto or grpc), or remove the secrets.", Setting.BUILD_SECRETS,
                    String.join(",", options.secrets().ids()), null);
            default -> new EngineException(where + " (" + describe(builder) + ") cannot do "
                    + feature.name().toLowerCase(Locale.ROOT) + ".");
        };
    }

    private static PgImageException cacheImport(Kind kind, BuildOptions options, BuilderInfo builder, String where) {
        if (kind == Kind.PODMAN) {
            return new EngineException(podman(where) + ": it cannot import BuildKit's cache metadata from other images."
                    + " Remove the cache sources, or build on Docker.", Setting.CACHE_FROM,
                    options.cacheFrom().get(0).location(), null);
        }
        CacheSpec local = first(options.cacheFrom(), CacheSpec.LOCAL);
        return localCache(local, Setting.CACHE_FROM, builder, where);
    }

    private static PgImageException cacheExport(Feature feature, Kind kind, BuildOptions options, BuilderInfo builder,
                                                String where) {
        CacheSpec spec = feature == Feature.LOCAL_CACHE_EXPORT ? first(options.cacheTo(), CacheSpec.LOCAL)
                : options.cacheTo().stream().filter(s -> !s.type().equals(CacheSpec.LOCAL)).findFirst().orElseThrow();
        if (kind == Kind.PODMAN) {
            return new EngineException(podman(where) + ": it cannot export BuildKit's cache. Remove the cache exports,"
                    + " or build on Docker.", Setting.CACHE_TO, spec.toString(), null);
        }
        if (kind == Kind.BUILD_API && feature == Feature.LOCAL_CACHE_EXPORT) {
            return localCache(spec, Setting.CACHE_TO, builder, where);
        }
        String door = kind == Kind.BUILD_API ? "the engine's POST /build (BuildKit " + builder.buildkit() + ")"
                : "BuildKit " + builder.buildkit();
        String store = builder.imageStore() == BuilderInfo.Store.ENGINE ? "keeps images in its classic image store: "
                + door + " there exports cache only inline, into the image" : "is built through " + door
                + ", which exports cache only inline, into the image";
        return new EngineException(capitalized(where) + " " + store + ", so it cannot write " + spec + ". "
                + (kind == Kind.BUILD_API ? "Build through BuildKit's gRPC API (builder auto or grpc) with the"
                + " containerd image store" : "Turn on the containerd image store (dockerd's \"features\":"
                + " {\"containerd-snapshotter\": true}, Docker 29's default)") + ", or build with a standalone BuildKit"
                + " (a tcp://… or unix://… builder), or use inline cache and import the pushed image as a cache source,"
                + " which covers the final image's steps only.", Setting.CACHE_TO, spec.toString(), null);
    }

    /** Local caches travel through a content store served over a gRPC session, which {@code POST /build} lacks. */
    private static PgImageException localCache(CacheSpec spec, Setting setting, BuilderInfo builder, String where) {
        return new EngineException("A local cache (" + spec + ") travels between BuildKit and the cache folder"
                + " through a content store the plugin serves over a BuildKit gRPC session, and " + where
                + " is built through " + describe(builder) + ", which has none. Build through BuildKit's"
                + " gRPC API (builder auto or grpc, Docker 19.03 or newer), or use a type=registry cache.",
                setting, spec.toString(), null);
    }

    /**
     * Attestations are made by BuildKit 0.11+ and kept by an image exporter that writes indexes: the containerd image
     * store's or a standalone daemon's. Asked for elsewhere, they are refused rather than dropped.
     */
    private static PgImageException attestations(Kind kind, Attestations attestations, BuilderInfo builder,
                                                 String where) {
        Setting setting = attestations.sbomScanner() != null ? Setting.SBOM : Setting.PROVENANCE;
        String value = setting == Setting.SBOM ? attestations.sbomScanner()
                : attestations.provenance().name().toLowerCase(Locale.ROOT);
        if (kind == Kind.PODMAN) {
            return new EngineException(podman(where) + ": it makes no provenance or SBOM attestations. Turn provenance"
                    + " and SBOM attestations off, or build on Docker.", setting, null, null);
        }
        return new EngineException("Attestations (provenance, sbom) need BuildKit's gRPC API (BuildKit v0.11 or newer)"
                + " and an image store that keeps them beside the image; " + where + " builds with "
                + describe(builder) + ". Turn on the engine's containerd image store (Docker 29's default) or build"
                + " with a standalone BuildKit, or turn provenance and SBOM attestations off.", setting, value, null);
    }

    /** Every platform asked for is one a worker runs; a worker that runs linux/arm/v7 runs linux/arm too. */
    static void runnable(List<Platform> requested, List<Platform> runnable, String where) {
        if (runnable.isEmpty()) {
            return; // the door does not say (POST /build): the engine finds out at the first step
        }
        List<Platform> missing = requested.stream().filter(wanted -> runnable.stream().noneMatch(p -> p.equals(wanted)
                || (wanted.variant() == null && p.os().equals(wanted.os())
                && p.architecture().equals(wanted.architecture())))).toList();
        if (!missing.isEmpty()) {
            String names = missing.stream().map(Platform::toString).collect(Collectors.joining(", "));
            throw new InvalidSettingException(Setting.PLATFORMS,
                    requested.stream().map(Platform::toString).collect(Collectors.joining(",")),
                    "BuildKit of " + where + " cannot run steps for " + names + ": its workers run "
                            + runnable.stream().map(Platform::toString).collect(Collectors.joining(", "))
                            + ". To build for " + names + ", " + INSTALL_EMULATORS + ", then build again; or leave "
                            + names + " out of platforms.");
        }
    }

    /**
     * The SBOM scanner image must be in the engine's store: nothing is pulled for it behind the user's back, and a
     * build should not fail at its end on a pull that cannot work.
     */
    private static void scannerPresent(Attestations attestations, BuilderInfo builder, String where,
                                       EngineGateway engine) throws EngineException {
        String scanner = attestations.sbomScanner();
        if (scanner == null || engine == null || builder.imageStore() != BuilderInfo.Store.CONTAINERD
                || engine.imageId(scanner).isPresent()) {
            return;
        }
        String which = scanner.equals(Attestations.DEFAULT_SCANNER)
                ? "sbom=true uses BuildKit's default scanner image " + Attestations.DEFAULT_SCANNER
                : "sbom names the scanner image " + scanner;
        throw new EngineException(which + ", which " + where + " does not have. Pull it into the"
                + " engine first (docker pull " + scanner + "), or name a scanner image the engine has (sbom=IMAGE,"
                + " one that follows BuildKit's SBOM scanner protocol), or set sbom=false.", Setting.SBOM, scanner, null);
    }

    /** How a builder lacks things: the reasons differ, and so does the way out. */
    private enum Kind {
        PODMAN, BUILD_API, GRPC_CLASSIC, GRPC;

        static Kind of(BuilderInfo builder) {
            if (builder.imageStore() == BuilderInfo.Store.PODMAN) {
                return PODMAN;
            }
            if (builder.api() == BuilderInfo.Api.BUILD_API) {
                return BUILD_API;
            }
            return builder.imageStore() == BuilderInfo.Store.ENGINE ? GRPC_CLASSIC : GRPC;
        }
    }

    static String describe(BuilderInfo builder) {
        return builder.door() + " with the " + builder.imageStore().reportName() + " image store";
    }

    private static String podman(String where) {
        return capitalized(where) + " is Podman, which builds with Buildah, not BuildKit";
    }

    static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static CacheSpec first(List<CacheSpec> specs, String type) {
        return specs.stream().filter(spec -> spec.type().equals(type)).findFirst().orElseThrow();
    }
}
