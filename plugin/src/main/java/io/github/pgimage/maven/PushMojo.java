package io.github.pgimage.maven;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.imagebuild.OfflineCheck;
import io.github.pgimage.core.output.OutputLock;
import io.github.pgimage.core.registry.DigestFile;
import io.github.pgimage.core.registry.RegistryLogins;
import io.github.pgimage.core.report.PushedByBuild;
import io.github.pgimage.core.session.SecretMasker;

/**
 * Pushes the image and every extra tag to their registries and writes the manifest digest to {@code image.digest}.
 * Logins come from settings.xml {@code <server>} entries whose id is the registry host, then the Docker CLI's
 * {@code config.json} {@code auths}, then its credential helper. When the build already pushed the same references
 * (the {@code build} goal's {@code push} option) and the engine holds no newer image under them, it only writes
 * {@code image.digest} again.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractImageMojo {

    /** Tries per tag when the push fails transiently (network, registry 5xx); a refused login is never retried. */
    @Parameter(property = "postgres-image.pushAttempts", defaultValue = "3")
    protected int pushAttempts;

    /** Skips this goal, and the {@code build} goal's {@code push}: a build that stays on this machine. */
    @Parameter(property = "postgres-image.skipPush", defaultValue = "false")
    protected boolean skipPush;

    @Override
    protected Optional<String> skippedBy() {
        return skipPush ? Optional.of("skipPush=true") : Optional.empty();
    }

    @Override
    protected void executeGoal() throws MojoExecutionException, MojoFailureException {
        List<ImageReference> references = references();
        if (offline()) {
            throw failure(OfflineCheck.pushRefused(references, "Push when online; the engine keeps the image"
                    + " meanwhile."), SecretMasker.of(List.of()));
        }
        if (pushAttempts < 1) {
            throw failure(new InvalidSettingException(Setting.PUSH_ATTEMPTS, Integer.toString(pushAttempts),
                    "must be at least 1, not " + pushAttempts), SecretMasker.of(List.of()));
        }
        RegistryAccess access = registryAccess();
        SecretMasker masker = access.masker();
        RegistryLogins logins = access.logins();
        try (OutputLock lock = lockOutput()) {
            Optional<PushedByBuild> byBuild = PushedByBuild.read(outputDirectory());
            EngineEndpoint endpoint = EngineAccess.locator(answerTimeout, getLog(), masker).locate(dockerHost);
            getLog().info("Engine " + endpoint);
            try (EngineGateway engine = EngineGateway.connect(endpoint)) {
                List<String> names = references.stream().map(ImageReference::toString).toList();
                if (byBuild.isPresent() && byBuild.get().covers(names, engine.imageId(names.get(0)))) {
                    Path file = DigestFile.write(outputDirectory(), byBuild.get().digest());
                    getLog().info("BuildKit already pushed " + String.join(", ", names) + " during the build, with digest "
                            + byBuild.get().digest() + " (written to " + file + "); nothing left to push");
                    exportProperties(Map.of("digest", byBuild.get().digest()));
                    return;
                }
                exportProperties(Map.of("digest",
                        EnginePush.push(getLog(), outputDirectory(), engine, references, logins, masker, pushAttempts)));
            }
        } catch (PgImageException e) {
            throw failure(e, masker);
        } catch (RuntimeException e) {
            throw new MojoExecutionException(masker.mask(String.valueOf(e.getMessage())), e);
        }
    }
}
