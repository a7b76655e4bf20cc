package io.github.pgimage.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

import java.util.List;

import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.session.SecretMasker;
import io.github.pgimage.core.output.ImageFiles;
import io.github.pgimage.core.output.OutputLock;
import io.github.pgimage.core.plan.ImagePlan;

/** Writes {@code target/postgres-image/Dockerfile} from the project's layout. Needs no container engine. */
@Mojo(name = "dockerfile", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true)
public class DockerfileMojo extends AbstractImageMojo {

    @Override
    protected void executeGoal() throws MojoExecutionException, MojoFailureException {
        ImagePlan plan = plan();
        ImageFiles files = new ImageFiles(outputDirectory());
        try (OutputLock lock = lockOutput()) {
            files.writeDockerfile(plan);
        } catch (PgImageException e) {
            throw failure(e, SecretMasker.of(List.of()));
        } catch (RuntimeException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        getLog().info("Wrote " + files.dockerfile() + " (" + plan.steps().size() + " steps, "
                + plan.cacheBoundary().stableSteps().size() + " before the cache boundary)");
    }
}
