package io.github.pgimage.core.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.Attestations;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.buildkit.grpc.GrpcImageBuilder;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.ImageBuilder;
import io.github.pgimage.core.buildkit.ProgressListener;
import io.github.pgimage.core.engine.EngineCapabilities;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.image.Platform;
import io.github.pgimage.core.output.ImageFiles;
import io.github.pgimage.core.plan.BuildEngine;
import io.github.pgimage.core.plan.CacheBoundary;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.SetupScript;
import io.github.pgimage.core.report.BuildReport;
import io.github.pgimage.core.report.ReportWriter;
import io.github.pgimage.core.session.BuildSession;
import io.github.pgimage.core.session.RegistryCredentials;
import io.github.pgimage.core.session.SecretStore;
import io.github.pgimage.core.session.filesync.FileReceiver;
import io.github.pgimage.core.session.filesync.FileSyncActivity;
import io.github.pgimage.core.session.content.LocalCaches;
import io.github.pgimage.core.session.filesync.FileSyncService;
import io.github.pgimage.core.validate.BaseImageEntrypoint;
import io.grpc.BindableService;

/**
 * One image build from a plan, the whole way: context tar, engine discovery and capability probe, a BuildKit
 * session when secrets or registry logins may have to be served, the BuildKit build, tags, report and id file. The
 * {@code build} goal and the build benchmark both run exactly this. Made with {@link #builder(Path, List)}:
 *
 * <pre>{@code
 * ImageBuild.Outcome outcome = ImageBuild.builder(outputDirectory, ImageReference.imageAndTags("acme/pg:16", List.of()))
 *         .buildArgs(Map.of("PG_MAJOR", "16"))
 *         .secrets(secretStore)
 *         .logins(registryLogins)
 *         .build()
 *         .run(plan, listener);
 * }</pre>
 */
public final class ImageBuild {
    private static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    /**
     * What a finished build left behind.
     *
     * @param endpoint    the engine, or null when a standalone daemon kept the image in its own store
     * @param contextSync what BuildKit took over the session's FileSync, or null when it got the tar
     * @param contextSent how the context was sent, as the report says it
     * @param builder     the BuildKit that built it and the door used, or null for Podman (Buildah)
     * @param plan        the plan as built: with the rebuild marks the previous image carried and this build's request
     * @param pushed      where BuildKit pushed the image as it exported it, or null when it did not (not asked, or
     *                    a builder that cannot: the caller pushes through the engine then)
     * @param platforms   the platforms built: those asked for, else the builder's own; empty when unknown
     * @param archive     the OCI archive written, or null when none was asked for
     * @param cache       the BuildKit caches imported and exported, or null when none
     * @param attested    the attestations BuildKit attached, or null when none
     */
    public record Outcome(BuildResult result, String contextDigest, EngineEndpoint endpoint, long totalMillis,
                          FileSyncActivity contextSync, BuildReport.ContextSent contextSent, BuilderInfo builder,
                          ImagePlan plan, BuildReport.Pushed pushed, List<String> platforms, Path archive,
                          BuildReport.Cache cache, BuildReport.Attested attested) {
    }

    /** Where {@code archive} writes the OCI archive, in the output directory. */
    public static final String ARCHIVE_FILE = "image.oci.tar";

    private final Path outputDirectory;
    private final List<ImageReference> references;
    private final Map<String, String> buildArgs;
    private final boolean pull;
    private final boolean noCache;
    private final String target;
    private final List<CacheSpec> cacheFrom;
    private final List<CacheSpec> cacheTo;
    private final boolean inlineCache;
    private final Attestations attestations;
    private final String dockerHost;
    private final EngineLocator locator;
    private final Function<EngineEndpoint, EngineGateway> connector;
    private final RegistryCredentials logins;
    private final SecretStore secrets;
    private final Map<String, String> environment;
    private final SetupScript rebuildFrom;
    private final BuilderSetting builderSetting;
    private final ContextTransfer contextTransfer;
    private final boolean push;
    private final List<Platform> platforms;
    private final boolean archive;

    private ImageBuild(Builder b) {
        this.outputDirectory = b.outputDirectory;
        this.references = List.copyOf(b.references);
        this.buildArgs = Map.copyOf(b.buildArgs);
        this.pull = b.pull;
        this.noCache = b.noCache;
        this.target = b.target;
        this.cacheFrom = List.copyOf(b.cacheFrom);
        // type=inline in cacheTo is inlineCache by another name
        this.cacheTo = b.cacheTo.stream().filter(spec -> !spec.type().equals(CacheSpec.INLINE)).toList();
        this.inlineCache = b.inlineCache || b.cacheTo.stream().anyMatch(spec -> spec.type().equals(CacheSpec.INLINE));
        this.attestations = b.attestations;
        this.dockerHost = b.dockerHost;
        this.locator = b.locator;
        this.connector = b.connector;
        this.logins = b.logins;
        this.secrets = b.secrets;
        this.environment = Map.copyOf(b.environment);
        this.rebuildFrom = b.rebuildFrom;
        this.builderSetting = b.builderSetting;
        this.contextTransfer = b.contextTransfer;
        this.push = b.push;
        this.platforms = List.copyOf(b.platforms);
        this.archive = b.archive;
    }

    /**
     * @param outputDirectory where the Dockerfile, context.tar, report and id file go
     * @param references      every reference to tag on success, the image first (the report names it)
     */
    public static Builder builder(Path outputDirectory, List<ImageReference> references) {
        return new Builder(outputDirectory, references);
    }

    /**
     * @throws io.github.pgimage.core.buildkit.BuildFailedException    the build ran and failed
     * @throws io.github.pgimage.core.buildkit.BuildCancelledException the calling thread was interrupted
     * @throws EngineException any other failure talking to the engine; nothing is tagged then, and no report written
     * @throws io.github.pgimage.core.InvalidSettingException  SOURCE_DATE_EPOCH is not a number
     */
    public Outcome run(ImagePlan requested, ProgressListener listener) throws EngineException, IOException {
        long started = System.nanoTime();
        if (builderSetting.mode() != BuilderSetting.Mode.BUILD_API) {
            WarmUp.start(); // gRPC is likely: load its classes while the engine is asked and the context written
        }
        if (builderSetting.mode() == BuilderSetting.Mode.DAEMON) {
            try (BuilderConnection builder = BuilderConnection.ofDaemon(builderSetting, references)) {
                listener.info(builder.describe());
                PlatformCheck.beforeBuild(platforms, builder.info(), builder.platforms(), archive,
                        builder.client().describe());
                refuseCacheTheBuilderCannotMove(builder.info(), setting(builderSetting));
                if (!builder.engineStore()) {
                    refuseAttestationsTheBuilderCannotMake(builder.info(), setting(builderSetting), null);
                    // the daemon keeps the image in its own store: no earlier image to read rebuild marks from
                    ImagePlan plan = requested.withRebuilt(rebuildMarks(null, requested, listener));
                    return grpcBuild(plan, listener, writeContext(plan, listener), builder, null, started);
                }
                EngineEndpoint endpoint = locator.locate(dockerHost);
                listener.info("Engine " + endpoint + " (tags the image the daemon exported into it)");
                try (EngineGateway engine = connector.apply(endpoint)) {
                    refuseAttestationsTheBuilderCannotMake(builder.info(), setting(builderSetting), engine);
                    ImagePlan plan = requested.withRebuilt(rebuildMarks(engine, requested, listener));
                    return grpcBuild(plan, listener, writeContext(plan, listener), builder, engine, started);
                }
            }
        }
        EngineEndpoint endpoint = locator.locate(dockerHost);
        listener.info("Engine " + endpoint);
        try (EngineGateway engine = connector.apply(endpoint)) {
            boolean podman = engine.version().isPodman();
            if (podman) {
                listener.info("Podman " + engine.version().version() + ": building with Buildah");
                refuseWhatBuildahCannotDo(endpoint, listener);
            } else {
                EngineCapabilities.of(engine.version()).requireBuildKit(endpoint);
            }
            ImagePlan plan = requested.withRebuilt(rebuildMarks(engine, requested, listener))
                    .withBuildEngine(podman ? BuildEngine.BUILDAH : BuildEngine.BUILDKIT);
            warnAboutTheBaseImagesEntrypoint(engine, plan, listener);
            if (podman) {
                return buildApiBuild(plan, listener, writeContext(plan, listener), null, engine, true, started);
            }
            // The builder is asked which door it opens (a gRPC channel, ListWorkers, Info: round trips, and in a
            // fresh JVM the classes behind them) while the context is written: neither needs the other
            PendingConnection<BuilderConnection> connecting = PendingConnection.start("pgimage-builder-connect",
                    () -> BuilderConnection.ofEngine(builderSetting, engine));
            ImageFiles.ContextOutput context;
            try {
                context = writeContext(plan, listener);
            } catch (IOException | RuntimeException e) {
                connecting.abandon();
                throw e;
            }
            try (BuilderConnection builder = connecting.await()) {
                listener.info(builder.describe());
                PlatformCheck.beforeBuild(platforms, builder.info(), builder.platforms(), archive,
                        "the engine at " + endpoint.host());
                refuseCacheTheBuilderCannotMove(builder.info(), endpoint.host().toString());
                refuseAttestationsTheBuilderCannotMake(builder.info(), endpoint.host().toString(), engine);
                if (builder.grpc()) {
                    return grpcBuild(plan, listener, context, builder, engine, started);
                }
                return buildApiBuild(plan, listener, context, builder.info(), engine, false, started);
            }
        }
    }

    /** Through the engine's {@code POST /build?version=2}, with a session when something must be served over it. */
    /**
     * Through the engine's {@code POST /build}: BuildKit ({@code version=2}) with a session when something must be
     * served over it, or Podman's Buildah, which takes secrets in front of the context and has no session.
     */
    private Outcome buildApiBuild(ImagePlan plan, ProgressListener listener, ImageFiles.ContextOutput context,
                                  BuilderInfo builder, EngineGateway engine, boolean podman, long started)
            throws EngineException, IOException {
        boolean sessionNeeded = !podman && needsSession(plan);
        // The context goes over the session when asked to, or when there is a session anyway
        FileSyncService files = !podman && (contextTransfer == ContextTransfer.SESSION
                || (contextTransfer == ContextTransfer.AUTO && sessionNeeded))
                ? FileSyncService.forContext(context.files(), ImageFiles.mtime(environment), plan.sourceDirectory(),
                        context.digests())
                : null;
        PodmanSecrets podmanSecrets = podman ? PodmanSecrets.of(secrets) : PodmanSecrets.NONE;
        try (BuildSession session = sessionNeeded || files != null
                ? BuildSession.open(engine, secrets, logins, files) : null) {
            BuildRequest.Builder request = request(() -> podmanSecrets.prependTo(Files.newInputStream(context.file())))
                    .contextSecrets(podmanSecrets.paths());
            if (session != null) {
                request.sessionId(session.id()).contextInSession(files != null);
            }
            try {
                BuildResult result;
                try {
                    result = new ImageBuilder(engine, listener).build(request.build());
                } finally {
                    if (files != null) {
                        listener.info("Context: " + files.activity().totals().describe());
                    }
                }
                BuildReport.ContextSent sent = files == null
                        ? new BuildReport.ContextSent("tar", context.entries(), context.entries(), Files.size(context.file()))
                        : new BuildReport.ContextSent("session", files.activity().totals().filesListed(),
                        files.activity().totals().filesSent(), files.activity().totals().bytesSent());
                new ReportWriter().write(outputDirectory, BuildReport.of(references.get(0).toString(), context.digest(),
                        result, builder).withContext(sent).withPlatforms(platformNames())
                        .withCache(cacheReport()));
                return new Outcome(result, context.digest(), engine.endpoint(), (System.nanoTime() - started) / 1_000_000,
                        files == null ? null : files.activity(), sent, builder, plan, null, platformNames(), null,
                        cacheReport(), null);
            } finally {
                if (session != null) {
                    warnAboutLogins(session, listener);
                }
            }
        }
    }

    /**
     * Cache exports need BuildKit's exporters, which an engine's BuildKit offers only with the containerd image store
     * (as buildx refuses {@code --cache-to} on such an engine); a standalone daemon has them. Local caches travel
     * through a content store served over a gRPC session, which the engine's {@code POST /build} cannot use; their
     * import works on the classic store too. Refused here, before anything is built.
     */
    private void refuseCacheTheBuilderCannotMove(BuilderInfo builder, String where) throws EngineException {
        if (!builder.api().equals("grpc")) {
            refuseLocal(cacheFrom, Setting.CACHE_FROM, builder, where);
            refuseLocal(cacheTo, Setting.CACHE_TO, builder, where);
        }
        if (cacheTo.isEmpty() || builder.imageStore().equals("containerd") || builder.imageStore().equals("buildkit")) {
            return;
        }
        String door = builder.api().equals("grpc") ? "BuildKit " + builder.buildkit()
                : "the engine's POST /build (BuildKit " + builder.buildkit() + ")";
        throw new EngineException("The engine at " + where + " keeps images in its classic image store: " + door
                + " there exports cache only inline, into the image, so it cannot write " + cacheTo.get(0)
                + ". Turn on the containerd image store (dockerd's \"features\": {\"containerd-snapshotter\": true},"
                + " Docker 29's default), or build with a standalone BuildKit (a tcp://… or unix://… builder), or use"
                + " inline cache and import the pushed image as a cache source, which covers the final"
                + " image's steps only.", Setting.CACHE_TO, cacheTo.get(0).toString(), null);
    }

    /**
     * Attestations are made by BuildKit 0.11+ and kept by an image exporter that writes indexes: the containerd image
     * store's or a standalone daemon's. Asked for elsewhere, they are refused before the build rather than dropped.
     * The SBOM scanner image must be in the engine's store: nothing is pulled for it behind the user's back, and a
     * build should not fail at its end on a pull that cannot work.
     */
    private void refuseAttestationsTheBuilderCannotMake(BuilderInfo builder, String where, EngineGateway engine)
            throws EngineException {
        if (!attestations.requested()) {
            return;
        }
        Setting setting = attestations.sbomScanner() != null ? Setting.SBOM : Setting.PROVENANCE;
        String value = setting == Setting.SBOM ? attestations.sbomScanner() : attestations.provenance().name().toLowerCase();
        boolean indexes = builder.imageStore().equals("containerd") || builder.imageStore().equals("buildkit");
        if (!builder.api().equals("grpc") || !indexes) {
            throw new EngineException("Attestations (provenance, sbom) need BuildKit's gRPC API and an image store that"
                    + " keeps them beside the image; the builder at " + where + " is " + describe(builder) + ". Turn on"
                    + " the engine's containerd image store (Docker 29's default) or build with a standalone BuildKit,"
                    + " or turn provenance and SBOM attestations off.", setting, value, null);
        }
        if (attestations.sbomScanner() != null && engine != null && builder.imageStore().equals("containerd")
                && engine.imageId(attestations.sbomScanner()).isEmpty()) {
            String which = attestations.sbomScanner().equals(Attestations.DEFAULT_SCANNER)
                    ? "sbom=true uses BuildKit's default scanner image " + Attestations.DEFAULT_SCANNER
                    : "sbom names the scanner image " + attestations.sbomScanner();
            throw new EngineException(which + ", which the engine at " + where + " does not have. Pull it into the"
                    + " engine first (docker pull " + attestations.sbomScanner() + "), or name a scanner image the"
                    + " engine has (sbom=IMAGE, one that follows BuildKit's SBOM scanner protocol), or set sbom=false.",
                    Setting.SBOM, attestations.sbomScanner(), null);
        }
    }

    private static String describe(BuilderInfo builder) {
        return (builder.api().equals("grpc") ? "BuildKit " + builder.buildkit() : "the engine's POST /build (BuildKit "
                + builder.buildkit() + ")") + " with the " + builder.imageStore() + " image store";
    }

    private static void refuseLocal(List<CacheSpec> specs, Setting setting, BuilderInfo builder, String where)
            throws EngineException {
        for (CacheSpec spec : specs) {
            if (spec.type().equals(CacheSpec.LOCAL)) {
                throw new EngineException("A local cache (" + spec + ") travels between BuildKit and the cache folder"
                        + " through a content store the plugin serves over a BuildKit gRPC session, and the engine at "
                        + where + " is built through " + describe(builder) + ", which has none. Build through BuildKit's"
                        + " gRPC API (builder auto or grpc, Docker 19.03 or newer), or use a type=registry cache.",
                        setting, spec.toString(), null);
            }
        }
    }

    private static String setting(BuilderSetting setting) {
        return setting.daemon() == null ? setting.toString() : setting.daemon().toString();
    }

    /**
     * Podman builds with Buildah, without BuildKit: what only BuildKit does is refused before anything is sent, with
     * the reason and the way out. Registry logins for the base image are Podman's own there ({@code podman login}).
     */
    private void refuseWhatBuildahCannotDo(EngineEndpoint endpoint, ProgressListener listener) throws EngineException {
        String engine = "The engine at " + endpoint.host() + " is Podman, which builds with Buildah, not BuildKit";
        if (!cacheFrom.isEmpty()) {
            throw new EngineException(engine + ": it cannot import BuildKit's cache metadata from other images."
                    + " Remove the cache sources, or build on Docker.", Setting.CACHE_FROM, cacheFrom.get(0).location(), null);
        }
        if (!cacheTo.isEmpty()) {
            throw new EngineException(engine + ": it cannot export BuildKit's cache. Remove the cache exports, or build on Docker.",
                    Setting.CACHE_TO, cacheTo.get(0).toString(), null);
        }
        if (attestations.requested()) {
            throw new EngineException(engine + ": it makes no provenance or SBOM attestations. Turn provenance and SBOM"
                    + " attestations off, or build on Docker.", attestations.sbomScanner() != null ? Setting.SBOM
                    : Setting.PROVENANCE, null, null);
        }
        if (inlineCache) {
            throw new EngineException(engine + ": it cannot write BuildKit's inline cache metadata into the image."
                    + " Turn inline cache off, or build on Docker.", Setting.INLINE_CACHE, "true", null);
        }
        if (platforms.size() > 1) {
            String list = platformNames().stream().collect(java.util.stream.Collectors.joining(","));
            throw new InvalidSettingException(Setting.PLATFORMS, list, engine + ": the plugin builds one image index"
                    + " for several platforms with BuildKit only. Build one platform, or build on Docker with the"
                    + " containerd image store.");
        }
        if (archive) {
            throw new InvalidSettingException(Setting.ARCHIVE, "true", engine + ": the OCI archive is written by"
                    + " BuildKit's OCI exporter. Turn archive off, or build on Docker with the containerd image store.");
        }
        if (builderSetting.mode() != BuilderSetting.Mode.AUTO && builderSetting.mode() != BuilderSetting.Mode.BUILD_API) {
            throw new EngineException(engine + ": it has no BuildKit gRPC API to build with. Use auto or build-api"
                    + " as the builder, or build on Docker.", Setting.BUILDER, builderSetting.toString(), null);
        }
        listener.debug("Podman builds with Buildah; base images are pulled with Podman's own logins (podman login)");
    }

    /** A base image's own ENTRYPOINT, which the image's replaces, is known once the engine has it: one warning. */
    private static void warnAboutTheBaseImagesEntrypoint(EngineGateway engine, ImagePlan plan, ProgressListener listener) {
        try {
            BaseImageEntrypoint.warning(plan, engine.imageEntrypoint(plan.settings().baseImage())).ifPresent(listener::warn);
        } catch (EngineException e) {
            listener.debug("No ENTRYPOINT of the base image " + plan.settings().baseImage() + ": " + e.getMessage());
        }
    }

    /**
     * The rebuild marks the current image carries (a later build keeps declaring them, so that it reuses the rebuilt
     * layers instead of the older ones still in the engine's cache), plus a new mark for {@code rebuildFrom}. None
     * carried when the engine has no such image, or without an engine (a new machine: the build starts from what
     * its cache has).
     */
    private Map<String, String> rebuildMarks(EngineGateway engine, ImagePlan plan, ProgressListener listener) {
        Map<String, String> marks = new LinkedHashMap<>();
        String image = references.get(0).toString();
        try {
            if (engine != null) {
                marks.putAll(CacheBoundary.parseRebuiltLabel(engine.imageLabels(image).get(CacheBoundary.REBUILT_LABEL)));
            }
        } catch (EngineException e) {
            listener.debug("No rebuild marks from " + image + ": " + e.getMessage());
        }
        marks.keySet().retainAll(plan.cacheBoundary().scripts().stream().map(SetupScript::path).toList());
        if (rebuildFrom != null) {
            marks.put(rebuildFrom.path(), CacheBoundary.newMark(Instant.now()));
            listener.info("Rebuilding from " + rebuildFrom.path());
        }
        return marks;
    }

    /**
     * Through BuildKit's Control API: a session always (it serves the context and the Dockerfile over file sync,
     * besides secrets and logins), the solve, then the tags in the engine (after success only).
     *
     * @param engine the engine whose store receives the image, or null when a daemon keeps it in its own store
     */
    private Outcome grpcBuild(ImagePlan plan, ProgressListener listener, ImageFiles.ContextOutput context,
                              BuilderConnection builder, EngineGateway engine, long started)
            throws EngineException, IOException {
        FileSyncService files = FileSyncService.forContext(context.files(), ImageFiles.mtime(environment),
                plan.sourceDirectory(), context.digests()); // listed by the tar's digests: each file is read once
        FileReceiver archiveReceiver = archive ? new FileReceiver(outputDirectory.resolve(ARCHIVE_FILE)) : null;
        List<BindableService> served = new ArrayList<>();
        if (archiveReceiver != null) {
            served.add(archiveReceiver);
        }
        try (LocalCaches local = LocalCaches.prepare(cacheFrom, cacheTo, listener)) {
            local.service().ifPresent(served::add);
            BuildRequest request = request(context, local.imports(), local.exports()).build();
            return grpcBuild(plan, listener, context, builder, engine, started, request, files, archiveReceiver,
                    served, local);
        }
    }

    private Outcome grpcBuild(ImagePlan plan, ProgressListener listener, ImageFiles.ContextOutput context,
                              BuilderConnection builder, EngineGateway engine, long started, BuildRequest request,
                              FileSyncService files, FileReceiver archiveReceiver, List<BindableService> served,
                              LocalCaches local) throws EngineException, IOException {
        try (BuildSession session = BuildSession.open(builder.sessions(), builder.client().describe(), secrets, logins,
                files, served)) {
            GrpcImageBuilder.Export export = withTimestamps(export(builder, listener), builder.info(),
                    engine == null ? null : engine.version());
            GrpcImageBuilder.Solved solved;
            try {
                solved = new GrpcImageBuilder(builder.client(), listener).solve(request, session.id(), inlineCache,
                        export, archiveReceiver == null ? null
                                : GrpcImageBuilder.Export.ociArchive(references, ImageFiles.mtime(environment).getEpochSecond()));
            } finally {
                warnAboutLogins(session, listener);
            }
            local.recordExport(solved.exporterResponse());
            BuildReport.Pushed pushed = pushed(export, solved, listener);
            Path archived = archived(archiveReceiver, builder, listener);
            List<String> built = platformNames().isEmpty() && !builder.platforms().isEmpty()
                    ? List.of(builder.platforms().get(0).toString()) : platformNames();
            if (engine != null) {
                for (ImageReference tag : request.tags()) {
                    engine.tag(solved.imageId(), tag);
                    listener.info("Tagged " + solved.imageId() + " as " + tag);
                }
            }
            FileSyncActivity.Totals totals = files.activity().totals();
            listener.info("Context: " + totals.describe());
            long millis = (System.nanoTime() - started) / 1_000_000;
            EngineVersion version = engine != null ? engine.version()
                    : new EngineVersion("buildkitd " + builder.info().buildkit(), "");
            BuildResult result = new BuildResult(solved.imageId(),
                    request.tags().stream().map(ImageReference::toString).toList(), solved.steps(), version, millis);
            BuildReport.ContextSent sent = new BuildReport.ContextSent("session", totals.filesListed(),
                    totals.filesSent(), totals.bytesSent());
            new ReportWriter().write(outputDirectory, BuildReport.of(references.get(0).toString(), context.digest(),
                    result, builder.info()).withContext(sent).withPushed(pushed).withPlatforms(built)
                    .withCache(cacheReport(local)).withAttestations(attested(export)));
            return new Outcome(result, context.digest(), engine == null ? null : engine.endpoint(), millis,
                    files.activity(), sent, builder.info(), plan, pushed, built, archived,
                    cacheReport(local), attested(export));
        }
    }

    /** The archive BuildKit sent over the session, or null when none was asked for. */
    private static Path archived(FileReceiver receiver, BuilderConnection builder, ProgressListener listener)
            throws EngineException {
        if (receiver == null) {
            return null;
        }
        if (receiver.received() == null) {
            throw new EngineException("BuildKit " + builder.info().buildkit() + " at " + builder.client().describe()
                    + " built the image but sent no OCI archive: writing one beside the image needs BuildKit v0.13 or"
                    + " newer (Docker 25 or newer). Update the engine or the daemon, or turn archive off.",
                    Setting.ARCHIVE, "true", null);
        }
        listener.info(String.format(java.util.Locale.ROOT, "Wrote the OCI archive %s (%.1f MB)", receiver.received(),
                receiver.bytes() / 1e6));
        return receiver.received();
    }

    private List<String> platformNames() {
        return platforms.stream().map(Platform::toString).toList();
    }

    /** The builder's exporter, pushing to the references' registries when asked and the exporter can. */
    private GrpcImageBuilder.Export export(BuilderConnection builder, ProgressListener listener) {
        if (!push) {
            return builder.export();
        }
        if (!builder.canPush()) {
            listener.info("The engine's classic image store cannot push as BuildKit exports; the image is pushed"
                    + " through the engine after the build");
            return builder.export();
        }
        return builder.export().pushedTo(references);
    }

    /** What BuildKit pushed, from the exporter's answer; null when it was not asked to push. */
    private BuildReport.Pushed pushed(GrpcImageBuilder.Export export, GrpcImageBuilder.Solved solved,
                                      ProgressListener listener) throws EngineException {
        if (!export.pushes()) {
            return null;
        }
        String digest = solved.pushedDigest();
        if (digest == null || !digest.startsWith("sha256:")) {
            throw new EngineException("BuildKit finished the push of " + references.get(0)
                    + " without naming the pushed digest (the exporter answered " + solved.exporterResponse() + ")");
        }
        List<String> names = references.stream().map(ImageReference::toString).toList();
        listener.info("Pushed " + String.join(", ", names) + " with digest " + digest + " (by BuildKit)");
        return new BuildReport.Pushed(digest, names);
    }

    /**
     * With {@code SOURCE_DATE_EPOCH}, BuildKit 0.13+ can also clamp the timestamps of the files in the layers it
     * exports ({@code rewrite-timestamp}). Only a standalone daemon's image exporter can: the engine's exporter
     * unpacks the image into its store, which BuildKit refuses to combine with rewriting ("conflicts with unpack"),
     * and the classic store's exporter and older BuildKit keep the files' own times.
     */
    private GrpcImageBuilder.Export withTimestamps(GrpcImageBuilder.Export export, BuilderInfo builder,
                                                   EngineVersion engine) {
        boolean imageExporter = builder.imageStore().equals("buildkit");
        if (sourceDateEpoch().isEmpty() || !imageExporter || !rewritesTimestamps(builder, engine)) {
            return export;
        }
        return export.with("rewrite-timestamp", "true");
    }

    /**
     * BuildKit 0.13+, as the daemon names its version; distribution builds of the engine (Debian's docker.io) leave it
     * unstamped, and then the engine's version says it: Docker 26.0 was the first to embed BuildKit 0.13.
     */
    static boolean rewritesTimestamps(BuilderInfo builder, EngineVersion engine) {
        if (BuilderInfo.atLeast(builder.buildkit(), 0, 13)) {
            return true;
        }
        return builder.buildkit().equals("unknown") && engine != null && engine.version() != null
                && BuilderInfo.atLeast(engine.version(), 26, 0);
    }

    /** What the report says of the attestations the solve asked for; null when none. */
    private BuildReport.Attested attested(GrpcImageBuilder.Export export) {
        Attestations.Provenance provenance = attestations.effectiveProvenance(export.pushes());
        boolean withProvenance = provenance == Attestations.Provenance.MIN || provenance == Attestations.Provenance.MAX;
        if (!withProvenance && attestations.sbomScanner() == null) {
            return null;
        }
        return new BuildReport.Attested(withProvenance ? provenance.name().toLowerCase(java.util.Locale.ROOT) : null,
                attestations.sbomScanner());
    }

    /** The cache this build imported from and exported to, as the report lists them; null when none. */
    private BuildReport.Cache cacheReport() {
        return cacheReport(cacheFrom.stream().map(CacheSpec::toString).toList(),
                cacheTo.stream().map(CacheSpec::toString).toList());
    }

    /** As {@link #cacheReport()}, local caches with their absolute folders and the manifest read or written. */
    private BuildReport.Cache cacheReport(LocalCaches local) {
        return cacheReport(local.imports().stream().map(CacheSpec::toString).toList(),
                local.exports().stream().map(local::reported).toList());
    }

    private BuildReport.Cache cacheReport(List<String> imported, List<String> exportedSpecs) {
        if (cacheFrom.isEmpty() && cacheTo.isEmpty() && !inlineCache) {
            return null;
        }
        List<String> exported = new ArrayList<>(exportedSpecs);
        if (inlineCache) {
            exported.add("type=inline");
        }
        return new BuildReport.Cache(imported, exported);
    }

    private static void warnAboutLogins(BuildSession session, ProgressListener listener) {
        session.activity().credentialFailures().forEach((host, failure) -> listener.warn(
                "The login for " + host + " could not be read (" + failure + "); the engine went on without one"));
    }

    /** The plan's context tar, written before anything is sent. */
    private ImageFiles.ContextOutput writeContext(ImagePlan plan, ProgressListener listener) throws IOException {
        ImageFiles.ContextOutput context = new ImageFiles(outputDirectory).writeContext(plan, environment);
        listener.info("Context " + context.digest() + " (" + context.entries() + " files)");
        return context;
    }

    /** What both doors build: the settings as BuildKit's, and an id to cancel the build by. */
    private BuildRequest.Builder request(ImageFiles.ContextOutput context) {
        return request(() -> Files.newInputStream(context.file()));
    }

    private BuildRequest.Builder request(ImageFiles.ContextOutput context, List<CacheSpec> imports,
                                         List<CacheSpec> exports) {
        return request(() -> Files.newInputStream(context.file()), imports, exports);
    }

    private BuildRequest.Builder request(io.github.pgimage.core.buildkit.ContextSource context) {
        return request(context, cacheFrom, cacheTo);
    }

    private BuildRequest.Builder request(io.github.pgimage.core.buildkit.ContextSource context,
                                         List<CacheSpec> imports, List<CacheSpec> exports) {
        return BuildRequest.builder(context)
                .platforms(platformNames())
                .tags(references)
                .buildArgs(effectiveBuildArgs())
                .pull(pull)
                .noCache(noCache)
                .target(target)
                .cacheImports(imports)
                .cacheExports(exports)
                .attestations(attestations)
                .buildId("pgimage-" + UUID.randomUUID());
    }

    /**
     * A session only when something may be served over it (it costs a connection and a gRPC server): secrets, or
     * a login for the registry of the base image or of a cacheFrom image. Whether a login may exist is decided
     * from the configuration alone; the login itself is looked up (and a credential helper run) only when the
     * engine asks for it, which it does not for a base image it already has.
     */
    private boolean needsSession(ImagePlan plan) {
        if (!secrets.isEmpty()) {
            return true;
        }
        List<String> pulled = new ArrayList<>();
        cacheFrom.stream().filter(spec -> spec.type().equals(CacheSpec.REGISTRY))
                .forEach(spec -> pulled.add(ImageReference.parse(spec.attrs().get("ref")).registryHost()));
        pulled.add(ImageReference.parse(plan.settings().baseImage(), Setting.BASE_IMAGE).registryHost());
        return pulled.stream().anyMatch(logins::mayHave);
    }

    /**
     * Build args as given, plus BuildKit's switch for inline cache metadata and {@code SOURCE_DATE_EPOCH}, which
     * BuildKit 0.11+ takes for the image config's and history's timestamps (unless a build arg sets it already).
     */
    private Map<String, String> effectiveBuildArgs() {
        Map<String, String> args = new LinkedHashMap<>(buildArgs);
        if (inlineCache) {
            args.put("BUILDKIT_INLINE_CACHE", "1");
        }
        sourceDateEpoch().ifPresent(epoch -> args.putIfAbsent(SOURCE_DATE_EPOCH, epoch));
        return args;
    }

    /** The environment's {@code SOURCE_DATE_EPOCH} as whole seconds, validated as the context tar's time is. */
    private java.util.Optional<String> sourceDateEpoch() {
        String epoch = environment.get(SOURCE_DATE_EPOCH);
        if (epoch == null || epoch.isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Long.toString(ImageFiles.mtime(environment).getEpochSecond()));
    }

    /** Collects the build's settings; everything not set keeps the engine's (and Docker's) default. */
    public static final class Builder {
        private final Path outputDirectory;
        private final List<ImageReference> references;
        private final Map<String, String> buildArgs = new LinkedHashMap<>();
        private boolean pull;
        private boolean noCache;
        private String target;
        private final List<CacheSpec> cacheFrom = new ArrayList<>();
        private final List<CacheSpec> cacheTo = new ArrayList<>();
        private boolean inlineCache;
        private Attestations attestations = Attestations.UNSET;
        private String dockerHost;
        private EngineLocator locator = EngineLocator.forThisProcess();
        private Function<EngineEndpoint, EngineGateway> connector = EngineGateway::connect;
        private RegistryCredentials logins = RegistryCredentials.none();
        private SecretStore secrets = SecretStore.empty();
        private Map<String, String> environment = System.getenv();
        private SetupScript rebuildFrom;
        private BuilderSetting builderSetting = BuilderSetting.AUTO;
        private ContextTransfer contextTransfer = ContextTransfer.AUTO;
        private boolean push;
        private final List<Platform> platforms = new ArrayList<>();
        private boolean archive;

        private Builder(Path outputDirectory, List<ImageReference> references) {
            this.outputDirectory = Objects.requireNonNull(outputDirectory, "outputDirectory");
            if (references.isEmpty()) {
                throw new IllegalArgumentException("a build needs at least the image's own reference");
            }
            this.references = List.copyOf(references);
        }

        /** Build arguments, visible to setup scripts as environment variables. */
        public Builder buildArgs(Map<String, String> args) {
            buildArgs.putAll(args);
            return this;
        }

        /** Ask the registry for a newer base image even when the engine has one. */
        public Builder pull(boolean pull) {
            this.pull = pull;
            return this;
        }

        /** Run every step afresh, ignoring the engine's cache. */
        public Builder noCache(boolean noCache) {
            this.noCache = noCache;
            return this;
        }

        /** The stage to stop at, or null for the whole image. */
        public Builder target(String stage) {
            this.target = stage;
            return this;
        }

        /** Images whose inline cache metadata (or registry cache) the build may reuse. */
        public Builder cacheFrom(List<ImageReference> images) {
            images.forEach(image -> cacheFrom.add(new CacheSpec(CacheSpec.REGISTRY, Map.of("ref", image.toString()))));
            return this;
        }

        /** Cache imports as BuildKit's specs ({@link CacheSpec#parseImport}): registry caches, images, cache folders. */
        public Builder cacheImports(List<CacheSpec> imports) {
            cacheFrom.addAll(imports);
            return this;
        }

        /**
         * Cache exports ({@link CacheSpec#parseExport}): a registry cache with {@code mode=max} holds every stage's
         * steps; {@code type=inline} is {@link #inlineCache}. Needs BuildKit's gRPC API with the containerd image
         * store, or a standalone daemon.
         */
        public Builder cacheTo(List<CacheSpec> exports) {
            cacheTo.addAll(exports);
            return this;
        }

        /** Export cache metadata into the image, for later builds' {@link #cacheFrom}. */
        public Builder inlineCache(boolean inlineCache) {
            this.inlineCache = inlineCache;
            return this;
        }

        /**
         * Provenance and SBOM attestations ({@link Attestations#parse}); by default provenance {@code min} when
         * BuildKit pushes the image, none otherwise.
         */
        public Builder attestations(Attestations attestations) {
            this.attestations = Objects.requireNonNull(attestations, "attestations");
            return this;
        }

        /** The engine's address, or null to discover it ({@link EngineLocator}). */
        public Builder dockerHost(String dockerHost) {
            this.dockerHost = dockerHost;
            return this;
        }

        /** How the engine is found; the default reads this process's environment and Docker configuration. */
        public Builder locator(EngineLocator locator) {
            this.locator = Objects.requireNonNull(locator, "locator");
            return this;
        }

        /** How a gateway to the found engine is opened; the default speaks the Docker API. */
        public Builder connector(Function<EngineEndpoint, EngineGateway> connector) {
            this.connector = Objects.requireNonNull(connector, "connector");
            return this;
        }

        /** Registry logins, served over the session when a base-image or cacheFrom pull asks for one. */
        public Builder logins(RegistryCredentials logins) {
            this.logins = Objects.requireNonNull(logins, "logins");
            return this;
        }

        /** Build secrets, served over the session to the steps that mount them. */
        public Builder secrets(SecretStore secrets) {
            this.secrets = Objects.requireNonNull(secrets, "secrets");
            return this;
        }

        /** The environment {@code SOURCE_DATE_EPOCH} is read from; the process's own by default. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Rerun this setup or builder script and the ones after it (a new rebuild mark); the marks the previous
         * image carries are kept either way.
         */
        public Builder rebuildFrom(SetupScript script) {
            this.rebuildFrom = script;
            return this;
        }

        /**
         * Which BuildKit builds: {@code auto} (default), {@code grpc}, {@code build-api} or a standalone daemon
         * ({@link BuilderSetting#parse}).
         */
        public Builder builder(BuilderSetting setting) {
            this.builderSetting = Objects.requireNonNull(setting, "setting");
            return this;
        }

        /** How the context reaches the engine on the {@code POST /build} door (gRPC builds always use the session). */
        public Builder contextTransfer(ContextTransfer transfer) {
            this.contextTransfer = Objects.requireNonNull(transfer, "transfer");
            return this;
        }

        /**
         * Push every reference as part of the build: BuildKit pushes as it exports (with the logins served over the
         * session) where the builder can ({@link Outcome#pushed()}); else the caller pushes through the engine.
         */
        public Builder push(boolean push) {
            this.push = push;
            return this;
        }

        /**
         * The platforms to build for; none (the default) builds for the builder's own. Several make one image index,
         * which needs BuildKit's gRPC API and a place that holds indexes (the containerd image store, a push, an
         * archive): checked before the build, as is an emulator for each platform.
         */
        public Builder platforms(List<Platform> platforms) {
            this.platforms.addAll(platforms);
            return this;
        }

        /** Also write the image (every platform) as an OCI archive, {@code image.oci.tar} in the output directory. */
        public Builder archive(boolean archive) {
            this.archive = archive;
            return this;
        }

        public ImageBuild build() {
            return new ImageBuild(this);
        }
    }
}
