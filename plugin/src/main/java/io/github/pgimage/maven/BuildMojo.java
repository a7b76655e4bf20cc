package io.github.pgimage.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.imagebuild.EngineAhead;
import io.github.pgimage.core.imagebuild.ImageBuild;
import io.github.pgimage.core.buildkit.Attestations;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.image.Platform;
import io.github.pgimage.core.output.OutputLock;
import io.github.pgimage.core.registry.DigestFile;
import io.github.pgimage.core.registry.RetryPolicy;
import io.github.pgimage.core.plan.CacheBoundary;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.SetupScript;
import io.github.pgimage.core.session.SecretMasker;
import io.github.pgimage.core.session.SecretStore;

/**
 * Builds the image with the engine's BuildKit, tags it (only on success, so a failed build leaves the previous
 * image and tags alone), and writes {@code build-report.json} and {@code image.id}.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractImageMojo {

    /** Always pull the base image, even when the engine has it. */
    @Parameter(property = "postgres-image.pull", defaultValue = "false")
    protected boolean pull;

    /** Build every step afresh, ignoring the engine's cache. */
    @Parameter(property = "postgres-image.noCache", defaultValue = "false")
    protected boolean noCache;

    /** Stop at this stage ({@code setup}, {@code build} or {@code runtime}). */
    @Parameter(property = "postgres-image.target")
    protected String target;

    /**
     * Build cache to import: image references (their inline cache, or a registry cache written there) or BuildKit
     * cache specs such as {@code type=registry,ref=registry.example.com/acme/pg:cache} or {@code type=local,src=DIR}
     * (a folder a local cache export wrote, relative to the project; comma list on the command line).
     */
    @Parameter(property = "postgres-image.cacheFrom")
    protected List<String> cacheFrom = new ArrayList<>();

    /**
     * Build cache to export, as BuildKit cache specs: {@code type=registry,ref=registry.example.com/acme/pg:cache,mode=max}
     * writes every step of every stage (the builder stage's too) to a registry, where another machine's
     * {@code cacheFrom} finds it; {@code type=local,dest=DIR,mode=max} writes it to a folder on this machine (an OCI
     * image layout, relative to the project), which a CI cache can carry to the next run; {@code type=inline} is
     * {@code inlineCache}. Needs BuildKit's gRPC API with the engine's containerd image store, or a standalone BuildKit.
     */
    @Parameter(property = "postgres-image.cacheTo")
    protected List<String> cacheTo = new ArrayList<>();

    /** Export cache metadata into the image, so that a later build elsewhere can use it with cacheFrom. */
    @Parameter(property = "postgres-image.inlineCache", defaultValue = "false")
    protected boolean inlineCache;

    /**
     * Rerun this setup or builder step (number or file name, e.g. 03) and the ones after it, keeping the steps before
     * it cached. Later builds keep the rebuilt layers: the request's mark travels in the image's labels.
     */
    @Parameter(property = "postgres-image.rebuildFrom")
    protected String rebuildFrom;

    /**
     * Which BuildKit builds: {@code auto} (the cheapest of the engine's doors that does everything the build asks),
     * {@code grpc} or {@code build-api} to force one, or a standalone BuildKit daemon at
     * {@code unix:///path/buildkitd.sock} or {@code tcp://host:port}. Not set: the daemon {@code BUILDKIT_HOST}
     * names (buildctl's variable) when it is set, else {@code auto}; set to {@code auto}, it ignores {@code BUILDKIT_HOST}.
     */
    @Parameter(property = "postgres-image.builder")
    protected String builder;

    /** For a {@code tcp://} builder: a folder with {@code ca.pem}, {@code cert.pem} and {@code key.pem} (mutual TLS). */
    @Parameter(property = "postgres-image.builderCertPath")
    protected File builderCertPath;

    /**
     * Also push every reference to its registry. BuildKit pushes as it exports where it can (BuildKit's gRPC API with
     * the engine's containerd image store, or a standalone daemon): the image then needs no engine store, and a
     * multi-platform index goes up whole; elsewhere the engine pushes after the build. Logins as for the
     * {@code push} goal; {@code image.digest} is written either way, and a later {@code push} goal does not push again.
     */
    @Parameter(property = "postgres-image.push", defaultValue = "false")
    protected boolean push;

    /**
     * Load the image into the engine's store (the default). With {@code false} and {@code push}, the image goes to the
     * registry only: on a fresh CI runner with a registry cache, the cached layers stay in the registry instead of
     * being pulled to be pushed again. Needs BuildKit's gRPC API with the containerd image store, or a standalone
     * BuildKit; {@code image.id} then holds the image's configuration digest, and {@code start} cannot run it here.
     */
    @Parameter(property = "postgres-image.load", defaultValue = "true")
    protected boolean load;

    /**
     * Platforms to build for, e.g. {@code linux/amd64,linux/arm64}; none builds for the engine's own. Several make one
     * image index (each setup step runs per platform, foreign ones under the engine's QEMU emulation): that needs
     * BuildKit's gRPC API and the engine's containerd image store, or a standalone BuildKit daemon with {@code push}
     * or {@code archive}.
     */
    @Parameter(property = "postgres-image.platforms")
    protected List<String> platforms = new ArrayList<>();

    /**
     * Also write the image (every platform) as an OCI archive, {@code target/postgres-image/image.oci.tar}, for a
     * pipeline that scans, signs or loads it without an engine store. Written by BuildKit's OCI exporter (the
     * containerd image store or a standalone daemon); its image times are SOURCE_DATE_EPOCH (else 1980-01-01), so
     * that the same build cache gives the same bytes.
     */
    @Parameter(property = "postgres-image.archive", defaultValue = "false")
    protected boolean archive;

    /**
     * SLSA provenance attached to the image: {@code min} (the build's inputs), {@code max} (also its steps and
     * arguments) or {@code false} (none at all). Unset: {@code min} when BuildKit pushes the image ({@code push}),
     * none otherwise. Needs BuildKit's gRPC API with the containerd image store, or a standalone BuildKit.
     */
    @Parameter(property = "postgres-image.provenance")
    protected String provenance;

    /**
     * An SPDX SBOM attached to the image: {@code false} (default), {@code true} (BuildKit's default scanner image,
     * docker/buildkit-syft-scanner) or a scanner image of your own. The engine must have the scanner image already;
     * the build checks before it starts.
     */
    @Parameter(property = "postgres-image.sbom")
    protected String sbom;

    /**
     * Skips the build: the image is the one the engine already has under {@code image}, which
     * {@code postgres-image.imageRef} then names for the tests.
     */
    @Parameter(property = "postgres-image.skipBuild", defaultValue = "false")
    protected boolean skipBuild;

    /** Skips the push that {@code push} asks for (and the {@code push} goal): the image stays on this machine. */
    @Parameter(property = "postgres-image.skipPush", defaultValue = "false")
    protected boolean skipPush;

    @Override
    protected void executeGoal() throws MojoExecutionException, MojoFailureException {
        if (skipBuild) {
            List<ImageReference> references = references();
            getLog().info("Skipping postgres-image:build (skipBuild=true): postgres-image.imageRef is " + references.get(0)
                    + ", as the engine has it");
            exportProperties(Map.of("imageRef", references.get(0).toString()));
            return;
        }
        try (OutputLock lock = lockOutput()) {
            buildAndReport();
        }
    }

    /** The goal, with target/postgres-image/ held: the previous report read, the build, its report, the push. */
    private void buildAndReport() throws MojoExecutionException, MojoFailureException {
        BuilderSetting builderSetting;
        try {
            builderSetting = BuilderSetting.resolve(builder, builderCertPath == null ? null : builderCertPath.toPath(),
                    System.getenv());
        } catch (PgImageException e) {
            throw failure(e, SecretMasker.of(List.of()));
        }
        SecretStore secretStore = loadSecrets();
        RegistryAccess registries = registryAccess();
        SecretMasker masker = secretStore.masker().with(registries.passwords());
        try {
            EngineLocator locator = EngineAccess.locator(answerTimeout, getLog(), masker);
            // The engine is found and asked its version while the project is planned (see EngineAhead); a standalone
            // BuildKit daemon's build asks the engine nothing first.
            try (EngineAhead ahead = builderSetting.mode() == BuilderSetting.Mode.DAEMON ? null
                    : EngineAhead.open(dockerHost, locator)) {
                buildAndReport(builderSetting, secretStore, registries, masker, locator, ahead);
            }
        } catch (PgImageException e) {
            throw failure(e, masker);
        } finally {
            secretStore.clear();
        }
    }

    private void buildAndReport(BuilderSetting builderSetting, SecretStore secretStore, RegistryAccess registries,
                                SecretMasker masker, EngineLocator locator, EngineAhead ahead)
            throws MojoExecutionException, MojoFailureException {
        ImagePlan plan = plan();
        SetupScript rebuildScript = null;
        if (rebuildFrom != null && !rebuildFrom.isBlank()) {
            try {
                rebuildScript = CacheBoundary.resolve(rebuildFrom, plan.cacheBoundary().scripts());
            } catch (IllegalArgumentException e) {
                throw failure(new InvalidSettingException(Setting.REBUILD_FROM, rebuildFrom, e.getMessage(), e),
                        SecretMasker.of(List.of()));
            }
        }
        List<Platform> targetPlatforms;
        try {
            targetPlatforms = Platform.parseAll(platforms == null ? List.of() : platforms, Setting.PLATFORMS);
        } catch (PgImageException e) {
            throw failure(e, SecretMasker.of(List.of()));
        }
        List<ImageReference> references = references();
        boolean pushing = push && !skipPush;
        if (push && skipPush) {
            getLog().info("Skipping the push (skipPush=true): the image stays in the engine");
        }
        try {
            // A property left empty in a pom (<cacheFrom>${x}</cacheFrom>) arrives as one blank entry.
            Path basedir = project == null ? null : project.getBasedir().toPath();
            List<CacheSpec> cacheSources = CacheSpecParameter.imports(cacheFrom, basedir);
            List<CacheSpec> cacheTargets = CacheSpecParameter.exports(cacheTo, basedir);
            ImageBuild.Outcome outcome = ImageBuild.builder(outputDirectory(), references)
                    .buildArgs(buildArgs)
                    .environment(environment())
                    .offline(offline())
                    .pull(pull)
                    .noCache(noCache)
                    .target(target)
                    .cacheImports(cacheSources)
                    .cacheTo(cacheTargets)
                    .inlineCache(inlineCache)
                    .dockerHost(dockerHost)
                    .locator(locator)
                    .engineAhead(ahead)
                    .logins(registries.logins())
                    .secrets(secretStore)
                    .rebuildFrom(rebuildScript)
                    .builder(builderSetting)
                    .push(pushing)
                    .load(load)
                    .platforms(targetPlatforms)
                    .archive(archive)
                    .attestations(Attestations.parse(provenance, sbom))
                    .build()
                    .run(plan, new MavenProgressListener(getLog(), masker));
            BuildResult result = outcome.result();
            BuildReports.logReruns(getLog(), outcome.report());
            getLog().info(String.format("Built %s (%s) in %.1f s: %d of %d steps cached",
                    references.stream().map(ImageReference::toString).collect(Collectors.joining(", ")),
                    result.imageId(), result.durationMillis() / 1000.0, result.stepsCached(), result.steps().size()));
            // The plugin's own time, from the goal's start (planning included), without Maven's start-up: what
            // bench/build-bench.sh compares with the CLI's whole command.
            getLog().info(String.format("postgres-image:build took %d ms", goalMillis()));
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("imageRef", references.get(0).toString());
            properties.put("imageId", result.imageId());
            if (outcome.built().pushed() != null) {
                DigestFile.write(outputDirectory(), outcome.built().pushed().digest());
                properties.put("digest", outcome.built().pushed().digest());
            } else if (pushing) {
                try (EngineGateway engine = EngineGateway.connect(outcome.endpoint())) {
                    properties.put("digest", EnginePush.push(getLog(), outputDirectory(), engine, references,
                            registries.logins(), masker, RetryPolicy.DEFAULT.attempts()));
                }
            }
            exportProperties(properties);
            getLog().info(BuildReports.pageLine(project == null ? null : project.getBasedir(), outputDirectory()));
        } catch (BuildFailedException e) {
            // the core wrote the failed build's report and page
            getLog().info(BuildReports.pageLine(project == null ? null : project.getBasedir(), outputDirectory()));
            throw failure(e, masker);
        } catch (PgImageException e) {
            throw failure(e, masker);
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException(masker.mask(String.valueOf(e.getMessage())), e);
        }
    }
}
