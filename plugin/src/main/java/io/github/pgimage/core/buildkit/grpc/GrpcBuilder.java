package io.github.pgimage.core.buildkit.grpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.Attestations;
import io.github.pgimage.core.buildkit.BuildJob;
import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.Builder;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.Built;
import io.github.pgimage.core.buildkit.Feature;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.image.Platform;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.report.BuildReport;
import io.github.pgimage.core.session.BuildSession;
import io.github.pgimage.core.session.content.LocalCaches;
import io.github.pgimage.core.session.filesync.FileReceiver;
import io.github.pgimage.core.session.filesync.FileSyncActivity;
import io.github.pgimage.core.session.filesync.FileSyncService;
import io.grpc.BindableService;

/**
 * BuildKit through its gRPC API ({@code Control/Solve}), an engine's (on its socket or through {@code POST /grpc}) or a
 * standalone daemon's: the door with every feature its image store allows, at the price of grpc-java starting in a
 * fresh JVM. A session always rides along (the context and the Dockerfile over file sync, secrets, logins, cache
 * folders, the OCI archive sent back).
 */
public final class GrpcBuilder implements Builder {
    private final BuilderConnection connection;
    /** The engine whose store gets the image, or null when a daemon keeps it in its own. */
    private final EngineGateway engine;
    private final String reason;

    private GrpcBuilder(BuilderConnection connection, EngineGateway engine, String reason) {
        this.connection = connection;
        this.engine = engine;
        this.reason = reason;
    }

    /** Starts loading grpc-java, Netty and the protocol's classes on a thread of its own: a connection is coming. */
    public static void warmUp() {
        WarmUp.start();
    }

    /**
     * The engine's BuildKit through a gRPC door, or empty when the engine offers none that answers (then {@code tried}
     * says why; {@code builder=grpc} fails instead).
     */
    public static Opened onEngine(BuilderSetting setting, EngineGateway engine, String reason) throws EngineException {
        BuilderConnection connection = BuilderConnection.ofEngine(setting, engine);
        if (!connection.grpc()) {
            return new Opened(null, connection.tried());
        }
        return new Opened(new GrpcBuilder(connection, engine, reason), connection.tried());
    }

    /**
     * A standalone BuildKit daemon ({@code builder=unix:///…} or {@code tcp://…}, or the same in {@code BUILDKIT_HOST}). When its worker is an engine's
     * ({@code moby}), the image lands in that engine's store ({@link #exportsIntoEngine()}: the caller connects to the
     * engine and hands it over with {@link #into}); else it stays in the daemon's store under {@code references}.
     */
    public static GrpcBuilder daemon(BuilderSetting setting, List<ImageReference> references) throws EngineException {
        return new GrpcBuilder(BuilderConnection.ofDaemon(setting, references), null, setting.reason());
    }

    /** Whether the image lands in an engine's store, to be tagged there. */
    public boolean exportsIntoEngine() {
        return connection.engineStore();
    }

    /** This builder, with the engine whose store its exporter writes into (for timestamps and tags). */
    public GrpcBuilder into(EngineGateway target) {
        return new GrpcBuilder(connection, target, reason);
    }

    /** @param builder null when no gRPC door answered; {@code tried}: the doors that did not, each with why */
    public record Opened(GrpcBuilder builder, List<String> tried) {
    }

    /**
     * What BuildKit's gRPC API can do with an image store: the classic store's exporter stores one platform and
     * inline cache only; the containerd store and a daemon's own store take indexes, cache exports, attestations
     * (BuildKit 0.11+), archives (0.13+) and pushes.
     */
    public static Set<Feature> features(BuilderInfo.Store imageStore, String buildkit) {
        Set<Feature> features = EnumSet.of(Feature.PLATFORM_LIST, Feature.CACHE_IMPORT, Feature.INLINE_CACHE,
                Feature.LOCAL_CACHE_IMPORT, Feature.SECRETS, Feature.REGISTRY_LOGINS, Feature.CONTEXT_FILE_SYNC);
        if (imageStore != BuilderInfo.Store.ENGINE) {
            features.addAll(List.of(Feature.MULTI_PLATFORM, Feature.REGISTRY_CACHE_EXPORT, Feature.LOCAL_CACHE_EXPORT,
                    Feature.PUSH, Feature.PUSH_WITHOUT_LOAD));
            boolean unknown = !BuilderInfo.atLeast(buildkit, 0, 0); // then the build says what it lacks
            if (unknown || BuilderInfo.atLeast(buildkit, 0, 11)) {
                features.add(Feature.ATTESTATIONS);
            }
            if (unknown || BuilderInfo.atLeast(buildkit, 0, 13)) {
                features.add(Feature.OCI_ARCHIVE);
            }
        }
        return features;
    }

    @Override
    public BuilderInfo info() {
        List<String> tried = connection.tried();
        return connection.info().withReason(tried.isEmpty() ? reason
                : reason + " (not used: " + String.join("; ", tried) + ")");
    }

    @Override
    public Set<Feature> features() {
        return features(connection.info().imageStore(), connection.info().buildkit());
    }

    @Override
    public List<Platform> platforms() {
        return connection.platforms();
    }

    /** Where messages name it: the engine's address, or the daemon's. */
    public String describe() {
        return connection.client().describe();
    }

    /** The engine whose store gets the image, or null when the daemon keeps it. */
    public EngineGateway engine() {
        return engine;
    }

    @Override
    public Built build(BuildJob job) throws EngineException, IOException {
        ProgressListener listener = job.listener();
        FileSyncService files = FileSyncService.forContext(job.context().files(), job.mtime(), job.sourceDirectory(),
                job.context().digests()); // listed by the tar's digests: each file is read once
        FileReceiver archiveReceiver = job.archive() != null ? new FileReceiver(job.archive()) : null;
        List<BindableService> served = new ArrayList<>();
        if (archiveReceiver != null) {
            served.add(archiveReceiver);
        }
        try (LocalCaches local = LocalCaches.prepare(job.request().cacheFrom(), job.request().cacheTo(), listener)) {
            local.service().ifPresent(served::add);
            BuildRequest request = job.request().toBuilder(() -> Files.newInputStream(job.context().file()))
                    .replaceCache(local.imports(), local.exports()).build();
            try (BuildSession session = BuildSession.open(connection.sessions(), describe(), job.secrets(),
                    job.logins(), files, served)) {
                GrpcImageBuilder.Export export = withTimestamps(export(job, connection.export(),
                        features().contains(Feature.PUSH), listener), job.sourceDateEpoch());
                GrpcImageBuilder.Solved solved;
                try {
                    solved = new GrpcImageBuilder(connection.client(), listener).solve(request, session.id(),
                            job.inlineCache(), export, archive(job));
                } finally {
                    BuildSession.warnAboutLogins(session, listener);
                }
                listener.debug("The exporter answered " + solved.exporterResponse());
                local.recordExport(solved.exporterResponse());
                BuildReport.Pushed pushed = pushed(export, solved, job.references(), listener);
                if (pushed != null && !job.load()) {
                    pushed = pushed.loaded(false);
                    listener.info("Not loaded into the engine (load=false): the image is in the registry only");
                }
                Path archived = archived(archiveReceiver, listener);
                List<String> built = request.platforms().isEmpty() && !platforms().isEmpty()
                        ? List.of(platforms().get(0).toString()) : request.platforms();
                FileSyncActivity.Totals totals = files.activity().totals();
                listener.info("Context: " + totals.describe());
                BuildReport.ContextSent sent = new BuildReport.ContextSent("session", totals.filesListed(),
                        totals.filesSent(), totals.bytesSent());
                // not loaded: no store holds the image, so its id is its configuration's digest, as an engine's would be
                String imageId = job.load() ? solved.imageId()
                        : solved.exporterResponse().getOrDefault("containerimage.config.digest", solved.imageId());
                return new Built(imageId, solved.steps(), sent, files.activity(), pushed, built, archived,
                        BuildReport.Cache.of(local.imports().stream().map(Object::toString).toList(),
                                local.exports().stream().map(local::reported).toList(), job.inlineCache()),
                        attested(job.request().attestations(), export), connection.engineStore() && job.load());
            }
        }
    }

    /**
     * The store's exporter, pushing to the references' registries when asked and the exporter can; without loading,
     * BuildKit's image exporter neither stores nor unpacks the image ({@code store=false}), so the layers a cache import
     * found are pushed from the registry they are in (a cross-repository mount there) and never pulled here.
     */
    static GrpcImageBuilder.Export export(BuildJob job, GrpcImageBuilder.Export store, boolean canPush,
                                          ProgressListener listener) {
        if (!job.push()) {
            return store;
        }
        if (!job.load()) {
            return store.pushedTo(job.references()).with("store", "false").with("unpack", "false");
        }
        if (!canPush) {
            listener.info("The engine's classic image store cannot push as BuildKit exports; the image is pushed"
                    + " through the engine after the build");
            return store;
        }
        return store.pushedTo(job.references());
    }

    /** The OCI archive's exporter, or null when none was asked for. */
    static GrpcImageBuilder.Export archive(BuildJob job) {
        return job.archive() == null ? null
                : GrpcImageBuilder.Export.ociArchive(job.references(), job.mtime().getEpochSecond());
    }

    /**
     * With {@code SOURCE_DATE_EPOCH}, BuildKit 0.13+ can also clamp the timestamps of the files in the layers it
     * exports ({@code rewrite-timestamp}). Only a standalone daemon's image exporter can: the engine's exporter
     * unpacks the image into its store, which BuildKit refuses to combine with rewriting ("conflicts with unpack"),
     * and the classic store's exporter and older BuildKit keep the files' own times.
     */
    private GrpcImageBuilder.Export withTimestamps(GrpcImageBuilder.Export export, Long sourceDateEpoch) {
        boolean imageExporter = connection.info().imageStore() == BuilderInfo.Store.BUILDKIT;
        if (sourceDateEpoch == null || !imageExporter
                || !rewritesTimestamps(connection.info(), engine == null ? null : engine.version())) {
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
        return !builder.knowsVersion() && engine != null && engine.version() != null
                && BuilderInfo.atLeast(engine.version(), 26, 0);
    }

    /** What the report says of the attestations the solve asked for; null when none. */
    private static BuildReport.Attested attested(Attestations attestations, GrpcImageBuilder.Export export) {
        Attestations.Provenance provenance = attestations.effectiveProvenance(export.pushes());
        boolean withProvenance = provenance == Attestations.Provenance.MIN || provenance == Attestations.Provenance.MAX;
        if (!withProvenance && attestations.sbomScanner() == null) {
            return null;
        }
        return new BuildReport.Attested(withProvenance ? provenance.name().toLowerCase(Locale.ROOT) : null,
                attestations.sbomScanner());
    }

    /** What BuildKit pushed, from the exporter's answer; null when it was not asked to push. */
    private static BuildReport.Pushed pushed(GrpcImageBuilder.Export export, GrpcImageBuilder.Solved solved,
                                             List<ImageReference> references, ProgressListener listener)
            throws EngineException {
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

    /** The archive BuildKit sent over the session, or null when none was asked for. */
    private Path archived(FileReceiver receiver, ProgressListener listener) throws EngineException {
        if (receiver == null) {
            return null;
        }
        if (receiver.received() == null) {
            throw new EngineException("BuildKit " + connection.info().buildkit() + " at " + describe()
                    + " built the image but sent no OCI archive: writing one beside the image needs BuildKit v0.13 or"
                    + " newer (Docker 25 or newer). Update the engine or the daemon, or turn archive off.",
                    Setting.ARCHIVE, "true", null);
        }
        listener.info(String.format(Locale.ROOT, "Wrote the OCI archive %s (%.1f MB)", receiver.received(),
                receiver.bytes() / 1e6));
        return receiver.received();
    }

    @Override
    public void close() {
        connection.close();
    }
}
