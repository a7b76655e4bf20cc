package io.github.pgimage.maven;

import java.nio.file.Path;
import java.util.List;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import io.github.pgimage.core.engine.EngineClient;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.registry.DigestFile;
import io.github.pgimage.core.registry.ImagePusher;
import io.github.pgimage.core.registry.PushFailedException;
import io.github.pgimage.core.registry.PushResult;
import io.github.pgimage.core.registry.RegistryLogins;
import io.github.pgimage.core.registry.RetryPolicy;
import io.github.pgimage.core.session.SecretMasker;

/**
 * Pushes the image and every extra tag to their registries and writes the manifest digest to {@code image.digest}.
 * Logins come from settings.xml {@code <server>} entries whose id is the registry host, then the Docker CLI's
 * {@code config.json} {@code auths}, then its credential helper.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractImageMojo {

    /** Tries per tag when the push fails transiently (network, registry 5xx); a refused login is never retried. */
    @Parameter(property = "postgres-image.pushAttempts", defaultValue = "3")
    protected int pushAttempts;

    @Override
    protected void executeGoal() throws MojoExecutionException, MojoFailureException {
        List<String> references = references();
        if (pushAttempts < 1) {
            throw new MojoFailureException("<pushAttempts> must be at least 1, not " + pushAttempts);
        }
        RegistryAccess access = registryAccess();
        SecretMasker masker = access.masker();
        RegistryLogins logins = access.logins();
        try {
            EngineEndpoint endpoint = EngineLocator.forThisProcess().locate(dockerHost);
            getLog().info("Engine " + endpoint);
            try (EngineClient engine = EngineClient.connect(endpoint)) {
                PushResult result = new ImagePusher(engine, logins, new MavenProgressListener(getLog(), masker),
                        new RetryPolicy(pushAttempts, RetryPolicy.DEFAULT.firstDelay())).push(references);
                Path file = DigestFile.write(outputDirectory(), result.digest());
                getLog().info("Pushed " + String.join(", ", references) + " with digest " + result.digest()
                        + " (written to " + file + ")");
            }
        } catch (PushFailedException e) {
            throw new MojoFailureException(masker.mask(e.getMessage()), e);
        } catch (EngineException e) {
            throw new MojoExecutionException(masker.mask(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException(masker.mask(String.valueOf(e.getMessage())), e);
        }
    }
}
