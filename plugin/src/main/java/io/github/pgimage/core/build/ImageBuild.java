package io.github.pgimage.core.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.buildkit.grpc.GrpcImageBuilder;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.ImageBuilder;
import io.github.pgimage.core.buildkit.ProgressListener;
import io.github.pgimage.core.engine.EngineCapabilities;
import io.github.pgimage.core.engine.EngineClient;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.output.ImageFiles;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.registry.RegistryHost;
import io.github.pgimage.core.report.BuildReport;
import io.github.pgimage.core.report.ReportWriter;
import io.github.pgimage.core.session.BuildSession;
import io.github.pgimage.core.session.RegistryCredentials;
import io.github.pgimage.core.session.SecretStore;
import io.github.pgimage.core.session.filesync.FileSyncActivity;
import io.github.pgimage.core.session.filesync.FileSyncService;

/**
 * One image build from a plan, the whole way: context tar, engine discovery and capability probe, a BuildKit
 * session when secrets or registry logins must be served, the BuildKit build, tags, report and id file. The
 * {@code build} goal and the build benchmark both run exactly this.
 */
public final class ImageBuild {

    /**
     * @param image       the reference the report names
     * @param references  every reference to tag on success (the image first)
     * @param inlineCache export cache metadata into the image for later {@code cacheFrom}
     * @param dockerHost  the explicit engine, or null to discover it
     * @param credentials registry logins served over the session for base-image pulls
     * @param builder     which BuildKit door to use ({@code auto} when null)
     */
    public record Options(String image, List<String> references, Map<String, String> buildArgs, boolean pull,
                          boolean noCache, String target, List<String> cacheFrom, boolean inlineCache,
                          String dockerHost, RegistryCredentials credentials, BuilderSetting builder) {
        public Options {
            references = List.copyOf(references);
            buildArgs = new LinkedHashMap<>(buildArgs);
            cacheFrom = cacheFrom == null ? List.of() : List.copyOf(cacheFrom);
            credentials = credentials == null ? RegistryCredentials.none() : credentials;
            builder = builder == null ? BuilderSetting.AUTO : builder;
        }

        /** The options of before the builder setting: {@code auto}. */
        public Options(String image, List<String> references, Map<String, String> buildArgs, boolean pull,
                       boolean noCache, String target, List<String> cacheFrom, boolean inlineCache,
                       String dockerHost, RegistryCredentials credentials) {
            this(image, references, buildArgs, pull, noCache, target, cacheFrom, inlineCache, dockerHost, credentials,
                    BuilderSetting.AUTO);
        }
    }

    /**
     * What a finished build left behind.
     *
     * @param contextSync what the engine took over the session's FileSync, or null when it got the tar
     * @param builder     the BuildKit that built it and the door used
     */
    public record Outcome(BuildResult result, String contextDigest, EngineEndpoint endpoint, long totalMillis,
                          FileSyncActivity contextSync, BuilderInfo builder) {
    }

    private final Path outputDirectory;
    private final EngineLocator locator;
    private final Map<String, String> environment;
    private final ContextTransfer contextTransfer;

    public ImageBuild(Path outputDirectory, EngineLocator locator, Map<String, String> environment) {
        this(outputDirectory, locator, environment, ContextTransfer.AUTO);
    }

    public ImageBuild(Path outputDirectory, EngineLocator locator, Map<String, String> environment,
                      ContextTransfer contextTransfer) {
        this.outputDirectory = outputDirectory;
        this.locator = locator;
        this.environment = Map.copyOf(environment);
        this.contextTransfer = contextTransfer;
    }

    /**
     * @throws EngineException any failure talking to the engine, including {@code BuildFailedException} and
     *                         {@code BuildCancelledException}; nothing is tagged then, and no report is written
     */
    public Outcome run(ImagePlan plan, Options options, SecretStore secrets, ProgressListener listener)
            throws EngineException, IOException {
        long started = System.nanoTime();
        ImageFiles.ContextOutput context = new ImageFiles(outputDirectory).writeContext(plan, environment);
        listener.info("Context " + context.digest() + " (" + context.entries() + " files)");
        if (options.builder().mode() == BuilderSetting.Mode.DAEMON) {
            try (BuilderConnection builder = BuilderConnection.ofDaemon(options.builder(), options.references())) {
                listener.info(builder.describe());
                if (!builder.engineStore()) {
                    return grpcBuild(plan, options, secrets, listener, context, builder, null, null, started);
                }
                EngineEndpoint endpoint = locator.locate(options.dockerHost());
                listener.info("Engine " + endpoint + " (tags the image the daemon exported into it)");
                try (EngineClient engine = EngineClient.connect(endpoint)) {
                    return grpcBuild(plan, options, secrets, listener, context, builder, engine, endpoint, started);
                }
            }
        }
        EngineEndpoint endpoint = locator.locate(options.dockerHost());
        listener.info("Engine " + endpoint);
        try (EngineClient engine = EngineClient.connect(endpoint)) {
            EngineCapabilities.of(engine.version()).requireBuildKit(endpoint);
            try (BuilderConnection builder = BuilderConnection.ofEngine(options.builder(), endpoint, engine)) {
                listener.info(builder.describe());
                if (builder.grpc()) {
                    return grpcBuild(plan, options, secrets, listener, context, builder, engine, endpoint, started);
                }
                return buildApiBuild(plan, options, secrets, listener, context, builder.info(), engine, endpoint, started);
            }
        }
    }

    /** Through the engine's {@code POST /build?version=2}, with a session when something must be served over it. */
    private Outcome buildApiBuild(ImagePlan plan, Options options, SecretStore secrets, ProgressListener listener,
                                  ImageFiles.ContextOutput context, BuilderInfo builder, EngineClient engine,
                                  EngineEndpoint endpoint, long started) throws EngineException, IOException {
        boolean sessionNeeded = needsSession(plan, secrets, options);
        // The context goes over the session when asked to, or when there is a session anyway
        FileSyncService files = contextTransfer == ContextTransfer.SESSION
                || (contextTransfer == ContextTransfer.AUTO && sessionNeeded)
                ? FileSyncService.forContext(context.files(), ImageFiles.mtime(environment), plan.sourceDirectory())
                : null;
        try (BuildSession session = sessionNeeded || files != null
                ? BuildSession.open(endpoint, secrets, options.credentials(), files) : null) {
            BuildRequest.Builder request = request(context, options);
            if (session != null) {
                request.sessionId(session.id()).contextInSession(files != null);
            }
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
            new ReportWriter().write(outputDirectory,
                    BuildReport.of(options.image(), context.digest(), result, builder).withContext(sent));
            return new Outcome(result, context.digest(), endpoint, (System.nanoTime() - started) / 1_000_000,
                    files == null ? null : files.activity(), builder);
        }
    }

    /**
     * Through BuildKit's Control API: a session always (it serves the context and the Dockerfile over file sync,
     * besides secrets and logins), the solve, then the tags in the engine (after success only).
     *
     * @param engine the engine whose store receives the image, or null when a daemon keeps it in its own store
     */
    private Outcome grpcBuild(ImagePlan plan, Options options, SecretStore secrets, ProgressListener listener,
                              ImageFiles.ContextOutput context, BuilderConnection builder,
                              EngineClient engine, EngineEndpoint endpoint, long started) throws EngineException, IOException {
        BuildRequest request = request(context, options).build();
        FileSyncService files = FileSyncService.forContext(context.files(), ImageFiles.mtime(environment),
                plan.sourceDirectory());
        try (BuildSession session = BuildSession.open(builder.sessions(), builder.client().describe(), secrets,
                options.credentials(), files)) {
            GrpcImageBuilder.Solved solved = new GrpcImageBuilder(builder.client(), listener)
                    .solve(request, session.id(), options.inlineCache(), builder.export());
            if (engine != null) {
                for (String tag : request.tags()) {
                    engine.tag(solved.imageId(), tag);
                    listener.info("Tagged " + solved.imageId() + " as " + tag);
                }
            }
            FileSyncActivity.Totals sent = files.activity().totals();
            listener.info("Context: " + sent.describe());
            long millis = (System.nanoTime() - started) / 1_000_000;
            EngineVersion version = engine != null ? engine.version() : new EngineVersion("buildkitd " + builder.info().buildkit(), "");
            BuildResult result = new BuildResult(solved.imageId(), request.tags(), solved.steps(), version, millis);
            new ReportWriter().write(outputDirectory, BuildReport.of(options.image(), context.digest(), result, builder.info())
                    .withContext(new BuildReport.ContextSent("session", sent.filesListed(), sent.filesSent(), sent.bytesSent())));
            return new Outcome(result, context.digest(), endpoint, millis, files.activity(), builder.info());
        }
    }

    /** What both doors build: the options as BuildKit's settings, and an id to cancel the build by. */
    private static BuildRequest.Builder request(ImageFiles.ContextOutput context, Options options) {
        return BuildRequest.builder(() -> Files.newInputStream(context.file()))
                .tags(options.references())
                .buildArgs(buildArgs(options))
                .pull(options.pull())
                .noCache(options.noCache())
                .target(options.target())
                .cacheFrom(options.cacheFrom())
                .buildId("pgimage-" + UUID.randomUUID());
    }

    /**
     * A session only when something must be served over it (it costs a connection and a gRPC server): secrets,
     * or a login for the registry of the base image or of a cacheFrom image.
     */
    private static boolean needsSession(ImagePlan plan, SecretStore secrets, Options options) {
        if (!secrets.isEmpty()) {
            return true;
        }
        List<String> pulled = new java.util.ArrayList<>(options.cacheFrom());
        pulled.add(plan.settings().baseImage());
        return pulled.stream().anyMatch(ref -> options.credentials().lookup(RegistryHost.ofImage(ref)).isPresent());
    }

    /** Build args as given, plus BuildKit's switch for inline cache metadata. */
    private static Map<String, String> buildArgs(Options options) {
        Map<String, String> args = new LinkedHashMap<>(options.buildArgs());
        if (options.inlineCache()) {
            args.put("BUILDKIT_INLINE_CACHE", "1");
        }
        return args;
    }
}
