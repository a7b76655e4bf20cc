package io.github.pgimage.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

import java.util.List;

import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.output.ImageFiles;
import io.github.pgimage.core.output.OutputLock;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.session.SecretMasker;

/**
 * Writes {@code target/postgres-image/context.tar} (with the Dockerfile) and prints its sha256. The tar is
 * deterministic: the same inputs give the same bytes. Needs no container engine.
 */
@Mojo(name = "context", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true)
public class ContextMojo extends AbstractImageMojo {

    @Override
    protected void executeGoal() throws MojoExecutionException, MojoFailureException {
        ImagePlan plan = plan();
        ImageFiles.ContextOutput out;
        try (OutputLock lock = lockOutput()) {
            out = new ImageFiles(outputDirectory()).writeContext(plan, environment());
        } catch (PgImageException e) {
            throw failure(e, SecretMasker.of(List.of()));
        } catch (RuntimeException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        getLog().info("Wrote " + out.file() + " (" + out.entries() + " files)");
        getLog().info("Context digest: " + out.digest());
    }
}
