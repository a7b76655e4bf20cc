package io.github.pgimage.core.imagebuild;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.Set;
import java.util.function.Function;

import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.Attestations;
import io.github.pgimage.core.buildkit.BuildJob;
import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.ContextTransfer;
import io.github.pgimage.core.buildkit.Feature;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.image.Platform;
import io.github.pgimage.core.output.ImageFiles;
import io.github.pgimage.core.output.SourceDate;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.SetupScript;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.session.RegistryCredentials;
import io.github.pgimage.core.session.SecretStore;

/**
 * What one build asks for, as a plain value ({@link ImageBuild#builder} collects it): where its outputs go, the
 * image's references, the build's arguments and caches, the builder, what to push or write. {@link #needs} and
 * {@link #wants} derive the {@link Feature}s a builder must have, or should have, to do it.
 *
 * @param outputDirectory where the Dockerfile, context, report and id file go
 * @param references      every reference to tag on success, the image first (the report names it)
 * @param cacheTo         cache exports other than inline metadata ({@code type=inline} is {@code inlineCache})
 * @param dockerHost      the engine's address, or null to discover it
 * @param environment     where {@code SOURCE_DATE_EPOCH} is read
 * @param rebuildFrom     a setup or builder script to rerun with the ones after it, or null
 * @param load            whether the image goes into the engine's store (with {@code push}: false keeps it in the
 *                        registry only, and the layers a cache import found are never pulled here)
 * @param offline         whether the build runs offline: what needs a registry is refused before anything is sent
 *                        ({@link OfflineCheck})
 */
public record BuildOptions(Path outputDirectory, List<ImageReference> references, Map<String, String> buildArgs,
                           boolean pull, boolean noCache, String target, List<CacheSpec> cacheFrom,
                           List<CacheSpec> cacheTo, boolean inlineCache, Attestations attestations, String dockerHost,
                           RegistryCredentials logins, SecretStore secrets, Map<String, String> environment,
                           SetupScript rebuildFrom, BuilderSetting builder, ContextTransfer contextTransfer,
                           boolean push, boolean load, List<Platform> platforms, boolean archive,
                           boolean offline) {

    public BuildOptions {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        if (references.isEmpty()) {
            throw new IllegalArgumentException("a build needs at least the image's own reference");
        }
        references = List.copyOf(references);
        buildArgs = Map.copyOf(buildArgs);
        cacheFrom = List.copyOf(cacheFrom);
        // type=inline in cacheTo is inlineCache by another name
        inlineCache = inlineCache || cacheTo.stream().anyMatch(spec -> spec.type().equals(CacheSpec.INLINE));
        cacheTo = cacheTo.stream().filter(spec -> !spec.type().equals(CacheSpec.INLINE)).toList();
        Objects.requireNonNull(attestations, "attestations");
        Objects.requireNonNull(logins, "logins");
        Objects.requireNonNull(secrets, "secrets");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(contextTransfer, "contextTransfer");
        platforms = List.copyOf(platforms);
    }

    /** What a builder must be able to do for this build; one that cannot is refused before anything is sent. */
    public Set<Feature> needs() {
        Set<Feature> needs = EnumSet.noneOf(Feature.class);
        if (platforms.size() > 1) {
            needs.add(Feature.MULTI_PLATFORM);
        }
        if (archive) {
            needs.add(Feature.OCI_ARCHIVE);
        }
        for (CacheSpec spec : cacheFrom) {
            needs.add(spec.type().equals(CacheSpec.LOCAL) ? Feature.LOCAL_CACHE_IMPORT : Feature.CACHE_IMPORT);
        }
        for (CacheSpec spec : cacheTo) {
            needs.add(spec.type().equals(CacheSpec.LOCAL) ? Feature.LOCAL_CACHE_EXPORT : Feature.REGISTRY_CACHE_EXPORT);
        }
        if (inlineCache) {
            needs.add(Feature.INLINE_CACHE);
        }
        if (attestations.requested()) {
            needs.add(Feature.ATTESTATIONS);
        }
        if (!load) {
            needs.add(Feature.PUSH_WITHOUT_LOAD);
        }
        if (!secrets.isEmpty()) {
            needs.add(Feature.SECRETS);
        }
        return needs;
    }

    /**
     * What this build would rather have, though it works without: BuildKit pushing as it exports (else the engine
     * pushes after the build), the workers' platforms to check a foreign platform against (else the engine finds out
     * at the first step), logins served for pulls (else the engine pulls without), the context over file sync.
     */
    public Set<Feature> wants(ImagePlan plan) {
        Set<Feature> wants = EnumSet.noneOf(Feature.class);
        if (push) {
            wants.add(Feature.PUSH);
        }
        if (!platforms.isEmpty()) {
            wants.add(Feature.PLATFORM_LIST);
        }
        if (loginsAsked(plan)) {
            wants.add(Feature.REGISTRY_LOGINS);
        }
        if (contextTransfer == ContextTransfer.SESSION) {
            wants.add(Feature.CONTEXT_FILE_SYNC);
        }
        return wants;
    }

    /**
     * Whether a pull of this build (the base image, a registry cache source) may ask for a registry login, decided from
     * the configuration alone: the login itself is looked up (and a credential helper run) only when the engine asks,
     * which it does not for a base image it already has.
     */
    public boolean loginsAsked(ImagePlan plan) {
        return loginsAsked(plan, false);
    }

    /**
     * As {@link #loginsAsked(ImagePlan)}, knowing whether the engine has the base image: then the build does not pull
     * it (unless {@code pull}), and a login for its registry would never be asked for, so no session is opened for it
     * (on {@code POST /build} a session costs a gRPC server's start in a fresh JVM, about a second).
     */
    public boolean loginsAsked(ImagePlan plan, boolean baseInEngine) {
        if ((pull || !baseInEngine)
                && logins.mayHave(ImageReference.parse(plan.settings().baseImage(), Setting.BASE_IMAGE).registryHost())) {
            return true;
        }
        return cacheFrom.stream().filter(spec -> spec.type().equals(CacheSpec.REGISTRY))
                .anyMatch(spec -> logins.mayHave(ImageReference.parse(spec.attrs().get("ref")).registryHost()));
    }

    /** What the builder is asked: the request as BuildKit takes it, the context as written, what to serve. */
    public BuildJob job(ImagePlan plan, ImageFiles.ContextOutput context, ProgressListener listener) {
        return job(plan, context, false, listener);
    }

    /** @param baseInEngine the engine has the base image: a build that does not pull it needs no login for it */
    public BuildJob job(ImagePlan plan, ImageFiles.ContextOutput context, boolean baseInEngine,
                        ProgressListener listener) {
        Optional<Long> epoch = sourceDateEpoch();
        Map<String, String> args = new LinkedHashMap<>(buildArgs());
        if (inlineCache()) {
            args.put("BUILDKIT_INLINE_CACHE", "1"); // BuildKit's switch for inline cache metadata
        }
        // BuildKit 0.11+ takes it for the image config's and history's times, unless a build arg sets it already
        epoch.ifPresent(seconds -> args.putIfAbsent("SOURCE_DATE_EPOCH", Long.toString(seconds)));
        BuildRequest request = BuildRequest.builder(() -> java.nio.file.Files.newInputStream(context.file()))
                .platforms(platformNames())
                .tags(references())
                .buildArgs(args)
                .pull(pull())
                .noCache(noCache())
                .target(target())
                .cacheImports(cacheFrom())
                .cacheExports(cacheTo())
                .attestations(attestations())
                .buildId("pgimage-" + UUID.randomUUID())
                .build();
        return new BuildJob(request, context, plan.sourceDirectory(), ImageFiles.mtime(environment()),
                epoch.orElse(null), secrets(), logins(), loginsAsked(plan, baseInEngine),
                inlineCache(), push(), load(),
                archive() ? outputDirectory().resolve(ImageBuild.ARCHIVE_FILE) : null, contextTransfer(),
                listener);
    }

    /** The environment's {@code SOURCE_DATE_EPOCH} as whole seconds, validated as the context tar's time is. */
    private Optional<Long> sourceDateEpoch() {
        return SourceDate.of(environment()).map(Instant::getEpochSecond);
    }

    /** The platforms as BuildKit spells them. */
    public List<String> platformNames() {
        return platforms.stream().map(Platform::toString).toList();
    }

    /**
     * Collects a build's options, and how the engine is found and connected to; everything not set keeps the
     * engine's (and Docker's) default. {@link #build()} makes the {@link ImageBuild}, {@link #options()} the value.
     */
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
        private EngineAhead engineAhead;
        private RegistryCredentials logins = RegistryCredentials.none();
        private SecretStore secrets = SecretStore.empty();
        private Map<String, String> environment = System.getenv();
        private SetupScript rebuildFrom;
        private BuilderSetting builderSetting = BuilderSetting.AUTO;
        private ContextTransfer contextTransfer = ContextTransfer.AUTO;
        private boolean push;
        private boolean load = true;
        private final List<Platform> platforms = new ArrayList<>();
        private boolean archive;
        private boolean offline;

        Builder(Path outputDirectory, List<ImageReference> references) {
            this.outputDirectory = outputDirectory;
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

        /** Cache exports ({@link CacheSpec#parseExport}); {@code type=inline} is {@link #inlineCache}. */
        public Builder cacheTo(List<CacheSpec> exports) {
            cacheTo.addAll(exports);
            return this;
        }

        /** Export cache metadata into the image, for later builds' {@link #cacheFrom}. */
        public Builder inlineCache(boolean inlineCache) {
            this.inlineCache = inlineCache;
            return this;
        }

        /** Provenance and SBOM attestations ({@link Attestations#parse}). */
        public Builder attestations(Attestations attestations) {
            this.attestations = attestations;
            return this;
        }

        /** The engine's address, or null to discover it ({@link EngineLocator}). */
        public Builder dockerHost(String dockerHost) {
            this.dockerHost = dockerHost;
            return this;
        }

        /** How the engine is found; the default reads this process's environment and Docker configuration. */
        public Builder locator(EngineLocator locator) {
            this.locator = locator;
            return this;
        }

        /** The engine's connection, opened while the goal planned; the build's first connect takes it. */
        public Builder engineAhead(EngineAhead engineAhead) {
            this.engineAhead = engineAhead;
            return this;
        }

        /** How a gateway to the found engine is opened; the default speaks the Docker API. */
        public Builder connector(Function<EngineEndpoint, EngineGateway> connector) {
            this.connector = connector;
            return this;
        }

        /** Registry logins, served over the session when a pull asks for one, and used by BuildKit's push. */
        public Builder logins(RegistryCredentials logins) {
            this.logins = logins;
            return this;
        }

        /** Build secrets, served to the steps that mount them. */
        public Builder secrets(SecretStore secrets) {
            this.secrets = secrets;
            return this;
        }

        /** The environment {@code SOURCE_DATE_EPOCH} is read from; the process's own by default. */
        public Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /** Rerun this setup or builder script and the ones after it; the marks the previous image carries are kept. */
        public Builder rebuildFrom(SetupScript script) {
            this.rebuildFrom = script;
            return this;
        }

        /** Which builder builds: {@code auto} (default), {@code grpc}, {@code build-api} or a standalone daemon. */
        public Builder builder(BuilderSetting setting) {
            this.builderSetting = setting;
            return this;
        }

        /** How the context reaches the engine on the {@code POST /build} door (gRPC builds always sync it). */
        public Builder contextTransfer(ContextTransfer transfer) {
            this.contextTransfer = transfer;
            return this;
        }

        /** Push every reference as part of the build, by BuildKit where the builder can. */
        public Builder push(boolean push) {
            this.push = push;
            return this;
        }

        /**
         * Whether the image goes into the engine's store (the default); {@code false} with {@link #push}: the registry
         * only, for a release pipeline on a fresh runner that will not run it.
         */
        public Builder load(boolean load) {
            this.load = load;
            return this;
        }

        /** The platforms to build for; none (the default) builds for the builder's own. */
        public Builder platforms(List<Platform> platforms) {
            this.platforms.addAll(platforms);
            return this;
        }

        /** Also write the image (every platform) as an OCI archive, {@code image.oci.tar} in the output directory. */
        public Builder archive(boolean archive) {
            this.archive = archive;
            return this;
        }

        /** Offline: a build that needs a registry (push, registry cache, base-image pull) is refused before it starts. */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        public BuildOptions options() {
            return new BuildOptions(outputDirectory, references, buildArgs, pull, noCache, target, cacheFrom, cacheTo,
                    inlineCache, attestations, dockerHost, logins, secrets, environment, rebuildFrom, builderSetting,
                    contextTransfer, push, load, platforms, archive, offline);
        }

        public ImageBuild build() {
            EngineConnection located = EngineConnection.located(locator, dockerHost, connector);
            return new ImageBuild(options(), engineAhead == null ? located : engineAhead.before(located));
        }
    }
}
