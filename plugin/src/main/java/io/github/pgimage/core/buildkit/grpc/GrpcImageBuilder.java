package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.buildkit.BuildCancelledException;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.buildkit.SilenceWatch;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.buildkit.StepTracker;
import io.github.pgimage.core.buildkit.grpc.proto.CacheOptions;
import io.github.pgimage.core.buildkit.grpc.proto.CacheOptionsEntry;
import io.github.pgimage.core.buildkit.grpc.proto.Exporter;
import io.github.pgimage.core.buildkit.grpc.proto.SolveRequest;
import io.github.pgimage.core.buildkit.grpc.proto.SolveResponse;
import io.github.pgimage.core.buildkit.grpc.proto.StatusRequest;
import io.github.pgimage.core.buildkit.grpc.proto.StatusResponse;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.json.JsonTree;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One build through BuildKit's {@code Control/Solve} with the Dockerfile frontend ({@code dockerfile.v0}):
 * the context and the Dockerfile come over the session's file sync (local sources {@code context} and
 * {@code dockerfile}), progress comes over {@code Control/Status} into the same {@link StepTracker} as the
 * engine's {@code /build} trace, and the image is exported by the exporter the daemon's store needs.
 * Interrupting the calling thread (or the JVM shutting down) cancels the solve, which BuildKit stops at once.
 */
public final class GrpcImageBuilder {
    /** How long a cancelled solve may take to wind down before the caller is let go. */
    private static final long CANCEL_GRACE_SECONDS = 20;

    /**
     * Where the image goes.
     *
     * @param type  {@code moby} (the engine's image store, classic or containerd) or {@code image} (a daemon's own store)
     * @param attrs the exporter's attributes
     */
    public record Export(String type, Map<String, String> attrs) {
        public Export {
            attrs = Map.copyOf(attrs);
        }

        /** The engine's own exporter; with the containerd store the image id is the manifest's digest. */
        public static Export engine(boolean containerdStore) {
            return new Export("moby", containerdStore ? Map.of("prefer-image-digest", "true") : Map.of());
        }

        /** The same export with one more attribute, e.g. {@code rewrite-timestamp=true}. */
        public Export with(String key, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(attrs);
            more.put(key, value);
            return new Export(type, more);
        }

        /**
         * The same export, and BuildKit pushes the image to every reference's registry as it exports it (logins
         * come over the session's Auth service). Only exporters built on BuildKit's image exporter push: a daemon's
         * own {@code image} and the engine's {@code moby} with the containerd store; the classic store's ignores it.
         */
        public Export pushedTo(List<ImageReference> references) {
            Map<String, String> pushed = new LinkedHashMap<>(attrs);
            pushed.put("name", references.stream().map(ImageReference::toString).collect(Collectors.joining(",")));
            pushed.put("push", "true");
            return new Export(type, pushed);
        }

        /**
         * BuildKit's OCI exporter: an OCI image layout as a tar (index.json, blobs; every platform), sent back over
         * the session's FileSend. Its image times are clamped to {@code epochSeconds}, so that the same cache gives
         * the same bytes; the references name the image when an engine loads the archive.
         */
        public static Export ociArchive(List<ImageReference> references, long epochSeconds) {
            return new Export("oci", Map.of(
                    "name", references.stream().map(ImageReference::toString).collect(Collectors.joining(",")),
                    "tar", "true",
                    "source-date-epoch", Long.toString(epochSeconds)));
        }

        /** Whether {@link #pushedTo} was asked for. */
        public boolean pushes() {
            return "true".equals(attrs.get("push"));
        }
    }

    /** What the solve made: the image id (as the store that holds it names it) and BuildKit's steps. */
    public record Solved(String imageId, List<Step> steps, Map<String, String> exporterResponse) {
        public Solved {
            steps = List.copyOf(steps);
            exporterResponse = Map.copyOf(exporterResponse);
        }

        /**
         * The digest the registry serves for the pushed references (the manifest's, or the index's for several
         * platforms): BuildKit's {@code containerimage.digest}.
         */
        public String pushedDigest() {
            return exporterResponse.get("containerimage.digest");
        }
    }

    private final BuildKitClient client;
    private final ProgressListener listener;
    private final Duration quiet;

    public GrpcImageBuilder(BuildKitClient client, ProgressListener listener) {
        this(client, listener, SilenceWatch.QUIET);
    }

    /** @param quiet how long BuildKit may send no status before a line says what the build waits for */
    public GrpcImageBuilder(BuildKitClient client, ProgressListener listener, Duration quiet) {
        this.client = client;
        this.listener = listener;
        this.quiet = quiet;
    }

    /**
     * Runs the solve; tags are the caller's business (after success, so a failed build moves none).
     *
     * @param sessionId a session that serves the {@code context} and {@code dockerfile} directories (and secrets)
     * @param inlineCache write cache metadata into the image for later {@code cacheFrom}
     * @throws BuildFailedException    the build ran and failed
     * @throws BuildCancelledException the calling thread was interrupted; the solve was cancelled
     * @throws EngineException         BuildKit could not be talked to
     */
    public Solved solve(BuildRequest request, String sessionId, boolean inlineCache, Export export) throws EngineException {
        return solve(request, sessionId, inlineCache, export, null);
    }

    /**
     * As {@link #solve(BuildRequest, String, boolean, Export)}, and BuildKit also writes {@code archive} (an
     * {@link Export#ociArchive}) to the session's FileSend in the same solve (BuildKit v0.13 and newer).
     *
     * @param archive null for none
     */
    public Solved solve(BuildRequest request, String sessionId, boolean inlineCache, Export export, Export archive)
            throws EngineException {
        String ref = request.buildId() != null ? request.buildId() : "pgimage-" + java.util.UUID.randomUUID();
        StepTracker tracker = new StepTracker(listener);
        SolveRequest solve = solveRequest(request, ref, sessionId, inlineCache, export, archive);

        Context.CancellableContext build = Context.ROOT.withCancellation();
        CompletableFuture<Void> statusDone = new CompletableFuture<>();
        CompletableFuture<SolveResponse> solved = new CompletableFuture<>();
        String where = "BuildKit at " + client.describe();
        // As on the engine's /build: a step that prints nothing for minutes still gets a line every quiet period
        SilenceWatch watch = new SilenceWatch(where, "the build", quiet, tracker::waitingFor, listener);
        Thread onShutdown = new Thread(() -> {
            build.cancel(null); // Ctrl-C: BuildKit stops the solve when its call is cancelled
            listener.warn(BuildCancelledException.cancelledLine(ref, where));
        }, "pgimage-cancel-" + ref);
        SolveResponse response;
        try {
            build.run(() -> {
                client.stub().status(StatusRequest.newBuilder().setRef(ref).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(StatusResponse value) {
                        watch.heard();
                        tracker.accept(StatusMessages.of(value)); // gRPC calls one observer one message at a time
                    }

                    @Override
                    public void onError(Throwable t) {
                        statusDone.complete(null); // the solve's own answer says what went wrong
                    }

                    @Override
                    public void onCompleted() {
                        statusDone.complete(null);
                    }
                });
                client.stub().solve(solve, new StreamObserver<>() {
                    @Override
                    public void onNext(SolveResponse value) {
                        solved.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        solved.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        solved.complete(SolveResponse.getDefaultInstance());
                    }
                });
            });
            Runtime.getRuntime().addShutdownHook(onShutdown);
            response = solved.get();
        } catch (InterruptedException e) {
            build.cancel(null);
            listener.warn(BuildCancelledException.cancelledLine(ref, where));
            awaitQuietly(statusDone);
            Thread.currentThread().interrupt();
            throw BuildCancelledException.interrupted(ref, where);
        } catch (ExecutionException e) {
            awaitQuietly(statusDone);
            Throwable cause = e.getCause();
            if (cause instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                throw client.failure("Solve", grpc);
            }
            String message = cause instanceof StatusRuntimeException grpc
                    ? Optional.ofNullable(grpc.getStatus().getDescription()).orElse(grpc.getStatus().getCode().toString())
                    : String.valueOf(cause.getMessage());
            throw new BuildFailedException(message, tracker.failure().orElse(null), tracker.steps());
        } finally {
            watch.close();
            removeShutdownHook(onShutdown);
        }
        awaitQuietly(statusDone); // the last vertices (export, cached steps) arrive before the stream ends
        build.cancel(null);
        Map<String, String> exported = response.getExporterResponseMap();
        String imageId = exported.getOrDefault("containerimage.digest", exported.get("containerimage.config.digest"));
        if (imageId == null || imageId.isBlank()) {
            throw new EngineException("BuildKit at " + client.describe() + " finished the build without naming the image"
                    + " it exported (exporter " + export.type() + " answered " + exported + ")");
        }
        return new Solved(imageId, tracker.steps(), exported);
    }

    /** The whole request: each part in a method of its own, so that a new option touches one of them. */
    static SolveRequest solveRequest(BuildRequest request, String ref, String sessionId, boolean inlineCache, Export export) {
        return solveRequest(request, ref, sessionId, inlineCache, export, null);
    }

    static SolveRequest solveRequest(BuildRequest request, String ref, String sessionId, boolean inlineCache, Export export,
                                     Export archive) {
        SolveRequest.Builder solve = SolveRequest.newBuilder()
                .setRef(ref)
                .setSession(sessionId)
                .setFrontend("dockerfile.v0");
        exporter(solve, export);
        archiveExporter(solve, export, archive);
        frontendAttrs(solve, request);
        attestations(solve, request, export);
        cacheImports(solve, request);
        CacheOptions.Builder cache = CacheOptions.newBuilder();
        cacheImportOptions(cache, request);
        cacheExportOptions(cache, request, inlineCache);
        return solve.setCache(cache).build();
    }

    /** Where the image goes, in the form every BuildKit reads (one exporter). */
    static void exporter(SolveRequest.Builder solve, Export export) {
        solve.setExporter(export.type()).putAllExporterAttrs(export.attrs());
    }

    /**
     * A second exporter beside the image's: BuildKit v0.13 and newer read the exporter list (and then not the single
     * exporter, so the image's is listed again). The archive comes first: the exporters' answers are merged in
     * order, and the image's {@code containerimage.digest} must be the one left. Older BuildKit reads only the
     * single exporter; the caller finds no archive then.
     */
    static void archiveExporter(SolveRequest.Builder solve, Export export, Export archive) {
        if (archive == null) {
            return;
        }
        solve.addExporters(Exporter.newBuilder().setType(archive.type()).putAllAttrs(archive.attrs()))
                .addExporters(Exporter.newBuilder().setType(export.type()).putAllAttrs(export.attrs()));
    }

    /** The Dockerfile frontend's options: the Dockerfile, base-image resolution, stage, no-cache, build args. */
    static void frontendAttrs(SolveRequest.Builder solve, BuildRequest request) {
        solve.putFrontendAttrs("filename", BuildRequest.DOCKERFILE)
                // "default" takes a base image the store already has; "pull" asks the registry every time
                .putFrontendAttrs("image-resolve-mode", request.pull() ? "pull" : "default");
        if (request.target() != null && !request.target().isBlank()) {
            solve.putFrontendAttrs("target", request.target());
        }
        if (request.noCache()) {
            solve.putFrontendAttrs("no-cache", ""); // empty: every step
        }
        request.buildArgs().forEach((key, value) -> solve.putFrontendAttrs("build-arg:" + key, value));
        platformAttrs(solve, request);
    }

    /**
     * The platforms to build for: several make the frontend build each and return one result per platform, which the
     * exporter turns into an image index (and names each step's platform: {@code [linux/arm64 setup 2/3] RUN …}).
     */
    static void platformAttrs(SolveRequest.Builder solve, BuildRequest request) {
        if (!request.platforms().isEmpty()) {
            solve.putFrontendAttrs("platform", String.join(",", request.platforms()));
        }
    }

    /**
     * Provenance and SBOM, which the frontend makes and the exporter stores beside the image: provenance {@code min}
     * by default when BuildKit pushes (as buildx does), nothing at all when off.
     */
    static void attestations(SolveRequest.Builder solve, BuildRequest request, Export export) {
        solve.putAllFrontendAttrs(request.attestations().frontendAttrs(export.pushes()));
    }

    /** The frontend reads the cache imports too, to find the inline cache metadata of those images. */
    static void cacheImports(SolveRequest.Builder solve, BuildRequest request) {
        if (request.cacheFrom().isEmpty()) {
            return;
        }
        List<Map<String, Object>> imports = new java.util.ArrayList<>();
        for (CacheSpec from : request.cacheFrom()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Type", from.type());
            entry.put("Attrs", from.attrs());
            imports.add(entry);
        }
        solve.putFrontendAttrs("cache-imports", JsonTree.write(imports));
    }

    /** Caches BuildKit may import: images with inline metadata, registry caches. */
    static void cacheImportOptions(CacheOptions.Builder cache, BuildRequest request) {
        for (CacheSpec from : request.cacheFrom()) {
            cache.addImports(CacheOptionsEntry.newBuilder().setType(from.type()).putAllAttrs(from.attrs()));
        }
    }

    /**
     * Cache BuildKit writes: inline metadata in the image, for later {@code cacheFrom}, and the {@code cacheTo}
     * exports (a registry cache with {@code mode=max} holds every stage's steps, the builder stage's too).
     */
    static void cacheExportOptions(CacheOptions.Builder cache, BuildRequest request, boolean inlineCache) {
        boolean inline = inlineCache;
        for (CacheSpec to : request.cacheTo()) {
            if (to.type().equals(CacheSpec.INLINE)) {
                inline = true;
            } else {
                cache.addExports(CacheOptionsEntry.newBuilder().setType(to.type()).putAllAttrs(to.attrs()));
            }
        }
        if (inline) {
            cache.addExports(CacheOptionsEntry.newBuilder().setType(CacheSpec.INLINE));
        }
    }

    private static void awaitQuietly(CompletableFuture<?> future) {
        try {
            future.get(CANCEL_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // what the stream said last no longer matters
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook cancels the solve
        }
    }
}
