package io.github.pgimage.maven;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import io.github.pgimage.core.build.ImageBuild;
import io.github.pgimage.core.buildkit.BuildCancelledException;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.session.SecretException;
import io.github.pgimage.core.session.SecretMasker;
import io.github.pgimage.core.session.SecretSource;
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

    /** Images to import build cache from (comma list on the command line). */
    @Parameter(property = "postgres-image.cacheFrom")
    protected List<String> cacheFrom = new ArrayList<>();

    /** Export cache metadata into the image, so that a later build elsewhere can use it with cacheFrom. */
    @Parameter(property = "postgres-image.inlineCache", defaultValue = "false")
    protected boolean inlineCache;

    /**
     * Which BuildKit builds: {@code auto} (BuildKit's gRPC API when the engine offers it, else the engine's
     * {@code /build}), {@code grpc} or {@code build-api} to force one, or a standalone BuildKit daemon at
     * {@code unix:///path/buildkitd.sock} or {@code tcp://host:port}.
     */
    @Parameter(property = "postgres-image.builder", defaultValue = "auto")
    protected String builder;

    /** For a {@code tcp://} builder: a folder with {@code ca.pem}, {@code cert.pem} and {@code key.pem} (mutual TLS). */
    @Parameter(property = "postgres-image.builderCertPath")
    protected File builderCertPath;

    @Override
    protected void executeGoal() throws MojoExecutionException, MojoFailureException {
        ImagePlan plan = plan();
        List<String> references = references();
        SecretStore secretStore = loadSecrets();
        RegistryAccess registries = registryAccess();
        SecretMasker masker = secretStore.masker().with(registries.passwords());
        // A property left empty in a pom (<cacheFrom>${x}</cacheFrom>) arrives as one blank entry.
        List<String> cacheSources = cacheFrom == null ? List.of()
                : cacheFrom.stream().filter(ref -> ref != null && !ref.isBlank()).map(String::trim).toList();
        BuilderSetting builderSetting;
        try {
            builderSetting = BuilderSetting.parse(builder, builderCertPath == null ? null : builderCertPath.toPath());
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("<builder>: " + e.getMessage(), e);
        }
        ImageBuild.Options options = new ImageBuild.Options(image, references, buildArgs, pull, noCache, target,
                cacheSources, inlineCache, dockerHost, registries.logins(), builderSetting);
        try {
            ImageBuild.Outcome outcome = new ImageBuild(outputDirectory(), EngineLocator.forThisProcess(), System.getenv())
                    .run(plan, options, secretStore, new MavenProgressListener(getLog(), masker));
            BuildResult result = outcome.result();
            getLog().info(String.format("Built %s (%s) in %.1f s: %d of %d steps cached",
                    String.join(", ", references), result.imageId(), result.durationMillis() / 1000.0,
                    result.stepsCached(), result.steps().size()));
            // The plugin's own time, without Maven's start-up: what bench/build-bench.sh compares with the CLI.
            getLog().info(String.format("postgres-image:build took %d ms", outcome.totalMillis()));
        } catch (BuildFailedException e) {
            throw new MojoFailureException(masker.mask(e.getMessage()), e);
        } catch (BuildCancelledException e) {
            throw new MojoFailureException("The build was cancelled: " + e.getMessage(), e);
        } catch (EngineException e) {
            throw new MojoExecutionException(masker.mask(e.getMessage()), e);
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException(masker.mask(String.valueOf(e.getMessage())), e);
        } finally {
            secretStore.clear();
        }
    }

    /** Reads every declared secret before anything is built, so that a missing one fails fast. */
    private SecretStore loadSecrets() throws MojoFailureException {
        List<SecretSource> sources = new ArrayList<>();
        for (Secret secret : secrets) {
            if (secret.getId() == null || secret.getId().isBlank()) {
                throw new MojoFailureException("<secrets>: a <secret> has no <id>; scripts read it as /run/secrets/<id>");
            }
            try {
                sources.add(secret.getFile() != null
                        ? SecretSource.file(secret.getId(), secret.getFile().toPath())
                        : SecretSource.env(secret.getId(), secret.getEnv()));
            } catch (IllegalArgumentException e) {
                throw new MojoFailureException("<secrets>: " + e.getMessage(), e);
            }
        }
        try {
            return SecretStore.load(sources);
        } catch (SecretException e) {
            throw new MojoFailureException("<secrets>: " + e.getMessage(), e);
        }
    }
}
