package io.github.pgimage.maven;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import io.github.pgimage.core.buildkit.BuildCancelledException;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.ImageBuilder;
import io.github.pgimage.core.engine.EngineCapabilities;
import io.github.pgimage.core.engine.EngineClient;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.engine.ImageReferences;
import io.github.pgimage.core.output.ImageFiles;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.report.BuildReport;
import io.github.pgimage.core.report.ReportWriter;
import io.github.pgimage.core.session.BuildSession;
import io.github.pgimage.core.session.MapRegistryCredentials;
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

    @Override
    protected void executeGoal() throws MojoExecutionException, MojoFailureException {
        long started = System.nanoTime();
        ImagePlan plan = plan();
        List<String> references;
        try {
            references = ImageReferences.resolve(image, tags);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("<image>/<tags>: " + e.getMessage(), e);
        }
        SecretStore secretStore = loadSecrets();
        SecretMasker masker = secretStore.masker();
        try {
            ImageFiles.ContextOutput context = new ImageFiles(outputDirectory()).writeContext(plan, System.getenv());
            getLog().info("Context " + context.digest() + " (" + context.entries() + " files)");
            EngineEndpoint endpoint = EngineLocator.forThisProcess().locate(dockerHost);
            getLog().info("Engine " + endpoint);
            try (EngineClient engine = EngineClient.connect(endpoint);
                 BuildSession session = openSession(engine, endpoint, secretStore)) {
                BuildRequest.Builder request = BuildRequest.builder(() -> Files.newInputStream(context.file()))
                        .tags(references)
                        .buildArgs(buildArgs())
                        .pull(pull)
                        .noCache(noCache)
                        .target(target)
                        .cacheFrom(cacheFrom)
                        .buildId("pgimage-" + UUID.randomUUID());
                if (session != null) {
                    request.sessionId(session.id());
                }
                BuildResult result = new ImageBuilder(engine, new MavenProgressListener(getLog(), masker))
                        .build(request.build());
                new ReportWriter().write(outputDirectory(), BuildReport.of(image, context.digest(), result));
                getLog().info(String.format("Built %s (%s) in %.1f s: %d of %d steps cached",
                        String.join(", ", references), result.imageId(), result.durationMillis() / 1000.0,
                        result.stepsCached(), result.steps().size()));
                // The plugin's own time, without Maven's start-up: what bench/build-bench.sh compares with the CLI.
                getLog().info(String.format("postgres-image:build took %d ms", (System.nanoTime() - started) / 1_000_000));
            }
        } catch (BuildFailedException e) {
            throw new MojoFailureException(masker.mask(e.getMessage()), e);
        } catch (BuildCancelledException e) {
            throw new MojoFailureException("The build was cancelled: " + e.getMessage(), e);
        } catch (EngineException e) {
            throw new MojoExecutionException(masker.mask(e.getMessage()), e);
        } catch (java.io.IOException | RuntimeException e) {
            throw new MojoExecutionException(masker.mask(String.valueOf(e.getMessage())), e);
        } finally {
            secretStore.clear();
        }
    }

    /** Probes the engine once; a session only when something must be served over it. */
    private BuildSession openSession(EngineClient engine, EngineEndpoint endpoint, SecretStore secretStore)
            throws EngineException {
        EngineCapabilities.of(engine.version()).requireBuildKit(endpoint);
        return secretStore.isEmpty() ? null : BuildSession.open(endpoint, secretStore, new MapRegistryCredentials());
    }

    /** Build args as given, plus BuildKit's switch for inline cache metadata. */
    private Map<String, String> buildArgs() {
        Map<String, String> args = new LinkedHashMap<>(buildArgs);
        if (inlineCache) {
            args.put("BUILDKIT_INLINE_CACHE", "1");
        }
        return args;
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
