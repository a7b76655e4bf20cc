package io.github.pgimage.core.imagebuild;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.Builder;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.Built;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.buildkit.grpc.GrpcBuilder;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.output.ImageFiles;
import io.github.pgimage.core.plan.BuildEngine;
import io.github.pgimage.core.plan.CacheBoundary;
import io.github.pgimage.core.plan.CacheHistory;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.report.BuildReport;
import io.github.pgimage.core.report.ReportDetails;
import io.github.pgimage.core.report.ReportWriter;
import io.github.pgimage.core.report.RerunReasons;
import io.github.pgimage.core.validate.BaseImageEntrypoint;

/**
 * One image build from a plan, the whole way: find the engine, pick the builder, check it can do what was asked,
 * write the context, build, then write the report and move the tags. The {@code build} and {@code watch} goals and
 * the benchmarks run exactly this; what a build asks for is a {@link BuildOptions} value, collected by
 * {@link #builder(Path, List)}:
 *
 * <pre>{@code
 * ImageBuild.Outcome outcome = ImageBuild.builder(outputDirectory, ImageReference.imageAndTags("acme/pg:16", List.of()))
 *         .buildArgs(Map.of("PG_MAJOR", "16"))
 *         .secrets(secretStore)
 *         .build()
 *         .run(plan, listener);
 * }</pre>
 *
 * {@link #open()} keeps the engine and the builder for several builds (the {@code watch} goal's).
 */
public final class ImageBuild {
    /** Where {@code archive} writes the OCI archive, in the output directory. */
    public static final String ARCHIVE_FILE = "image.oci.tar";

    /**
     * What a finished build left behind.
     *
     * @param endpoint the engine, or null when a standalone daemon kept the image in its own store
     * @param built    what the builder made: the image, how the context went, what it pushed or wrote
     * @param plan     the plan as built: with the rebuild marks the previous image carried
     * @param report   the report as written, rerun reasons and all
     */
    public record Outcome(BuildResult result, EngineEndpoint endpoint, long totalMillis, Built built,
                          BuilderInfo builder, ImagePlan plan, BuildReport report) {
    }

    private final BuildOptions options;
    private final EngineConnection engineConnection;

    ImageBuild(BuildOptions options, EngineConnection engineConnection) {
        this.options = options;
        this.engineConnection = engineConnection;
    }

    /**
     * @param outputDirectory where the Dockerfile, context.tar, report and id file go
     * @param references      every reference to tag on success, the image first (the report names it)
     */
    public static BuildOptions.Builder builder(Path outputDirectory, List<ImageReference> references) {
        return new BuildOptions.Builder(outputDirectory, references);
    }

    public BuildOptions options() {
        return options;
    }

    /**
     * @throws io.github.pgimage.core.buildkit.BuildFailedException    the build ran and failed
     * @throws io.github.pgimage.core.buildkit.BuildCancelledException the calling thread was interrupted
     * @throws io.github.pgimage.core.PgImageException what the builder cannot do (before anything is sent), or a
     *         failure talking to the engine; the tags and outputs of the previous build stay as they were
     */
    public Outcome run(ImagePlan plan, ProgressListener listener) throws EngineException, IOException {
        try (Connected connected = open()) {
            return connected.run(plan, listener);
        }
    }

    /** The engine and the builder, opened at the first build and kept for the next ones until closed. */
    public Connected open() {
        return new Connected();
    }

    /** See {@link #open()}. Not thread-safe: one build at a time. */
    public final class Connected implements AutoCloseable {
        private EngineGateway engine;
        private Builder builder;

        private Connected() {
        }

        public Outcome run(ImagePlan requested, ProgressListener listener) throws EngineException, IOException {
            try {
                return build(requested, listener);
            } catch (EngineException e) {
                if (!(e instanceof BuildFailedException) && e.setting().isEmpty()) {
                    close(); // the engine or builder broke off: the next build connects afresh
                }
                throw e;
            }
        }

        private Outcome build(ImagePlan requested, ProgressListener listener) throws EngineException, IOException {
            long started = System.nanoTime();
            CacheHistory previous = RerunReasons.previous(options.outputDirectory().resolve(ReportWriter.REPORT_FILE));
            ImageFiles.ContextOutput context;
            ImagePlan plan;
            String where;
            if (options.builder().mode() == BuilderSetting.Mode.DAEMON) {
                where = "the BuildKit daemon at " + options.builder().daemon() + " (from " + options.builder().source() + ")";
                openDaemon(listener);
                OfflineCheck.beforeBuild(options, requested, engine);
                plan = requested.withRebuilt(rebuildMarks(engine, requested, listener))
                        .withBuildEngine(options.load() ? BuildEngine.BUILDKIT : BuildEngine.BUILDKIT_LINKED);
                context = writeContext(plan, listener);
            } else {
                if (engine == null) {
                    engine = connect(listener, "");
                }
                OfflineCheck.beforeBuild(options, requested, engine); // before a builder is asked or a file written
                where = "the engine at " + engine.endpoint().host();
                plan = requested.withRebuilt(rebuildMarks(engine, requested, listener))
                        .withBuildEngine(engine.version().isPodman() ? BuildEngine.BUILDAH
                                : options.load() ? BuildEngine.BUILDKIT : BuildEngine.BUILDKIT_LINKED);
                warnAboutTheBaseImagesEntrypoint(plan, listener);
                context = builder == null ? pickWhileWritingContext(plan, where, listener) : writeContext(plan, listener);
            }
            FeatureCheck.beforeBuild(options, builder, where, engine);
            ReportDetails.Early early = ReportDetails.early(plan, engine); // while the engine builds
            Built built;
            try {
                boolean baseInEngine = engine != null && engine.imageId(plan.settings().baseImage()).isPresent();
                built = builder.build(options.job(plan, context, baseInEngine, listener));
            } catch (BuildFailedException e) {
                BuildRecord.failed(options, plan, context, e, engineVersion(), builder.info(),
                        (System.nanoTime() - started) / 1_000_000, previous, listener);
                throw e;
            }
            return finish(plan, context, built, started, previous, early, listener);
        }

        /** A standalone daemon; an engine too when the daemon is an engine's BuildKit (its store gets the image). */
        private void openDaemon(ProgressListener listener) throws EngineException {
            if (builder != null) {
                return;
            }
            GrpcBuilder.warmUp();
            GrpcBuilder daemon = GrpcBuilder.daemon(options.builder(), options.references());
            builder = daemon;
            announce(daemon.info(), listener);
            if (daemon.exportsIntoEngine()) {
                engine = connect(listener, " (tags the image the daemon exported into it)");
                builder = daemon.into(engine);
            }
        }

        /**
         * The builder is picked while the context is written: the gRPC door's connection (a channel, ListWorkers,
         * Info: round trips, and in a fresh JVM the classes behind them) and the context need nothing of each other.
         */
        private ImageFiles.ContextOutput pickWhileWritingContext(ImagePlan plan, String where, ProgressListener listener)
                throws EngineException, IOException {
            if (options.builder().mode() == BuilderSetting.Mode.GRPC) {
                GrpcBuilder.warmUp();
            }
            EngineGateway target = engine;
            PendingConnection<Builder> picking = PendingConnection.start("pgimage-builder-pick", () -> BuilderPick
                    .onEngine(options, options.wants(plan), target, plan.contextFiles().size(), where));
            ImageFiles.ContextOutput context;
            try {
                context = writeContext(plan, listener);
            } catch (IOException | RuntimeException e) {
                picking.abandon();
                throw e;
            }
            builder = picking.await();
            announce(builder.info(), listener);
            return context;
        }

        /** A base image's own ENTRYPOINT, which the image's replaces, is known once the engine has it: one warning. */
        private void warnAboutTheBaseImagesEntrypoint(ImagePlan plan, ProgressListener listener) {
            try {
                BaseImageEntrypoint.warning(plan, engine.imageEntrypoint(plan.settings().baseImage()))
                        .ifPresent(listener::warn);
            } catch (EngineException e) {
                listener.debug("No ENTRYPOINT of the base image " + plan.settings().baseImage() + ": " + e.getMessage());
            }
        }

        private EngineGateway connect(ProgressListener listener, String role) throws EngineException {
            return engineConnection.open(listener, role);
        }

        /**
         * The report is assembled once, with the rerun reasons; it and {@code image.id} are written beside their
         * final names before any tag moves, and moved into place after: a full disk fails the build with the
         * previous image, tags and outputs as they were, never a mix.
         */
        private Outcome finish(ImagePlan plan, ImageFiles.ContextOutput context, Built built, long started,
                               CacheHistory previous, ReportDetails.Early early, ProgressListener listener)
                throws EngineException, IOException {
            long millis = (System.nanoTime() - started) / 1_000_000;
            List<ImageReference> tags = options.references();
            BuildResult result = new BuildResult(built.imageId(), tags.stream().map(ImageReference::toString).toList(),
                    built.steps(), engineVersion(), millis);
            BuildReport report = BuildRecord.finished(options, plan, context, result, built, builder.info(), previous,
                    built.loaded() ? engine : null, early, listener);
            ReportWriter.Staged staged = new ReportWriter().stage(options.outputDirectory(), report);
            try {
                if (engine != null && built.loaded()) {
                    Tags.move(engine, built.imageId(), tags, listener);
                }
                staged.publish();
            } finally {
                staged.discard();
            }
            return new Outcome(result, engine == null ? null : engine.endpoint(),
                    (System.nanoTime() - started) / 1_000_000, built, builder.info(), plan, report);
        }

        private EngineVersion engineVersion() {
            return engine != null ? engine.version() : new EngineVersion("buildkitd " + builder.info().buildkit(), "");
        }

        @Override
        public void close() {
            if (builder != null) {
                builder.close();
                builder = null;
            }
            if (engine != null) {
                engine.close();
                engine = null;
            }
        }
    }

    private static void announce(BuilderInfo info, ProgressListener listener) {
        listener.info("Builder: " + info.door() + ", image store: " + info.imageStore().reportName() + "; "
                + info.reason());
    }

    /** The plan's Dockerfile and context tar, written before anything is sent. */
    private ImageFiles.ContextOutput writeContext(ImagePlan plan, ProgressListener listener) throws IOException {
        ImageFiles.ContextOutput context = new ImageFiles(options.outputDirectory()).writeContext(plan,
                options.environment());
        listener.info("Context " + context.digest() + " (" + context.entries() + " files)");
        return context;
    }

    /**
     * The rebuild marks of the current image, and one for {@code rebuildFrom}: none carried when the engine has no
     * such image, or without an engine (a new machine: the build starts from what its cache has).
     */
    private Map<String, String> rebuildMarks(EngineGateway engine, ImagePlan plan, ProgressListener listener) {
        String image = options.references().get(0).toString();
        Map<String, String> labels = Map.of();
        try {
            labels = engine == null ? Map.of() : engine.imageLabels(image);
        } catch (EngineException e) {
            listener.debug("No rebuild marks from " + image + ": " + e.getMessage());
        }
        if (options.rebuildFrom() != null) {
            listener.info("Rebuilding from " + options.rebuildFrom().path());
        }
        return CacheBoundary.marks(plan, labels, options.rebuildFrom(), Instant.now());
    }
}
