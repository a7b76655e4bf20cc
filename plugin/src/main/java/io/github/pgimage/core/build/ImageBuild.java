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

import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.ImageBuilder;
import io.github.pgimage.core.buildkit.ProgressListener;
import io.github.pgimage.core.engine.EngineCapabilities;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;
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

    /** What a finished build left behind. */
    /**
     * What a finished build left behind.
     *
     * @param plan the plan as built: with the rebuild marks the previous image carried and this build's request
     */
    public record Outcome(BuildResult result, String contextDigest, EngineEndpoint endpoint, long totalMillis,
                          ImagePlan plan) {
    }

    private final Path outputDirectory;
    private final List<ImageReference> references;
    private final Map<String, String> buildArgs;
    private final boolean pull;
    private final boolean noCache;
    private final String target;
    private final List<ImageReference> cacheFrom;
    private final boolean inlineCache;
    private final String dockerHost;
    private final EngineLocator locator;
    private final Function<EngineEndpoint, EngineGateway> connector;
    private final RegistryCredentials logins;
    private final SecretStore secrets;
    private final Map<String, String> environment;
    private final SetupScript rebuildFrom;

    private ImageBuild(Builder b) {
        this.outputDirectory = b.outputDirectory;
        this.references = List.copyOf(b.references);
        this.buildArgs = Map.copyOf(b.buildArgs);
        this.pull = b.pull;
        this.noCache = b.noCache;
        this.target = b.target;
        this.cacheFrom = List.copyOf(b.cacheFrom);
        this.inlineCache = b.inlineCache;
        this.dockerHost = b.dockerHost;
        this.locator = b.locator;
        this.connector = b.connector;
        this.logins = b.logins;
        this.secrets = b.secrets;
        this.environment = Map.copyOf(b.environment);
        this.rebuildFrom = b.rebuildFrom;
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
            ImageFiles.ContextOutput context = new ImageFiles(outputDirectory).writeContext(plan, environment);
            listener.info("Context " + context.digest() + " (" + context.entries() + " files)");
            PodmanSecrets podmanSecrets = podman ? PodmanSecrets.of(secrets) : PodmanSecrets.NONE;
            try (BuildSession session = !podman && needsSession(plan) ? BuildSession.open(engine, secrets, logins) : null) {
                BuildRequest.Builder request = BuildRequest.builder(
                                () -> podmanSecrets.prependTo(Files.newInputStream(context.file())))
                        .tags(references)
                        .buildArgs(effectiveBuildArgs())
                        .pull(pull)
                        .noCache(noCache)
                        .target(target)
                        .cacheFrom(cacheFrom.stream().map(ImageReference::toString).toList())
                        .contextSecrets(podmanSecrets.paths())
                        .buildId("pgimage-" + UUID.randomUUID());
                if (session != null) {
                    request.sessionId(session.id());
                }
                try {
                    BuildResult result = new ImageBuilder(engine, listener).build(request.build());
                    new ReportWriter().write(outputDirectory,
                            BuildReport.of(references.get(0).toString(), context.digest(), result));
                    return new Outcome(result, context.digest(), endpoint, (System.nanoTime() - started) / 1_000_000,
                            plan);
                } finally {
                    if (session != null) {
                        session.activity().credentialFailures().forEach((host, failure) -> listener.warn(
                                "The login for " + host + " could not be read (" + failure
                                        + "); the engine went on without one"));
                    }
                }
            }
        }
    }

    /**
     * Podman builds with Buildah, without BuildKit: what only BuildKit does is refused before anything is sent, with
     * the reason and the way out. Registry logins for the base image are Podman's own there ({@code podman login}).
     */
    private void refuseWhatBuildahCannotDo(EngineEndpoint endpoint, ProgressListener listener) throws EngineException {
        String engine = "The engine at " + endpoint.host() + " is Podman, which builds with Buildah, not BuildKit";
        if (!cacheFrom.isEmpty()) {
            throw new EngineException(engine + ": it cannot import BuildKit's cache metadata from other images."
                    + " Remove cacheFrom, or build on Docker.", Setting.CACHE_FROM, cacheFrom.get(0).toString(), null);
        }
        if (inlineCache) {
            throw new EngineException(engine + ": it cannot write BuildKit's inline cache metadata into the image."
                    + " Turn inlineCache off, or build on Docker.", Setting.INLINE_CACHE, "true", null);
        }
        listener.debug("Podman builds with Buildah; base images are pulled with Podman's own logins (podman login)");
    }

    /**
     * The rebuild marks the current image carries (a later build keeps declaring them, so that it reuses the rebuilt
     * layers instead of the older ones still in the engine's cache), plus a new mark for {@code rebuildFrom}. None
     * carried when the engine has no such image (a new machine: the build starts from what its cache has).
     */
    private Map<String, String> rebuildMarks(EngineGateway engine, ImagePlan plan, ProgressListener listener) {
        Map<String, String> marks = new LinkedHashMap<>();
        String image = references.get(0).toString();
        try {
            marks.putAll(CacheBoundary.parseRebuiltLabel(engine.imageLabels(image).get(CacheBoundary.REBUILT_LABEL)));
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
        cacheFrom.forEach(ref -> pulled.add(ref.registryHost()));
        pulled.add(ImageReference.parse(plan.settings().baseImage(), Setting.BASE_IMAGE).registryHost());
        return pulled.stream().anyMatch(logins::mayHave);
    }

    /** Build args as given, plus BuildKit's switch for inline cache metadata. */
    private Map<String, String> effectiveBuildArgs() {
        Map<String, String> args = new LinkedHashMap<>(buildArgs);
        if (inlineCache) {
            args.put("BUILDKIT_INLINE_CACHE", "1");
        }
        return args;
    }

    /** Collects the build's settings; everything not set keeps the engine's (and Docker's) default. */
    public static final class Builder {
        private final Path outputDirectory;
        private final List<ImageReference> references;
        private final Map<String, String> buildArgs = new LinkedHashMap<>();
        private boolean pull;
        private boolean noCache;
        private String target;
        private final List<ImageReference> cacheFrom = new ArrayList<>();
        private boolean inlineCache;
        private String dockerHost;
        private EngineLocator locator = EngineLocator.forThisProcess();
        private Function<EngineEndpoint, EngineGateway> connector = EngineGateway::connect;
        private RegistryCredentials logins = RegistryCredentials.none();
        private SecretStore secrets = SecretStore.empty();
        private Map<String, String> environment = System.getenv();
        private SetupScript rebuildFrom;

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

        /** Images whose inline cache metadata the build may reuse. */
        public Builder cacheFrom(List<ImageReference> images) {
            cacheFrom.addAll(images);
            return this;
        }

        /** Export cache metadata into the image, for later builds' {@link #cacheFrom}. */
        public Builder inlineCache(boolean inlineCache) {
            this.inlineCache = inlineCache;
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

        public ImageBuild build() {
            return new ImageBuild(this);
        }
    }
}
