package io.github.pgimage.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

import java.util.List;

import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.container.BuildLabel;
import io.github.pgimage.core.container.LabelledResources;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.session.SecretMasker;

/**
 * Stops and removes what {@code start} started for this project. In an execution whose id a {@code start} execution
 * of the module shares (the usual {@code <execution>} with both goals), only what that execution started: two
 * databases of one module are stopped each by its own execution. Elsewhere (the command line, an execution of its
 * own) everything the module started. Bound to post-integration-test, which runs before failsafe's verify fails the
 * build, so it also runs after failed tests.
 */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class StopMojo extends AbstractContainerMojo {

    @Override
    protected void executeGoal() throws MojoExecutionException, MojoFailureException {
        BuildLabel label = startingExecutions().contains(executionId()) ? executionLabel() : buildLabel();
        SecretMasker masker = SecretMasker.of(List.of());
        try (EngineGateway engine = EngineGateway.connect(
                EngineAccess.locator(answerTimeout, getLog(), masker).locate(dockerHost))) {
            LabelledResources.Removed removed = new LabelledResources(engine)
                    .removeAll(label, getLog()::info);
            if (removed.isEmpty()) {
                getLog().info("Nothing to stop: no container or volume labelled " + label);
            }
        } catch (PgImageException e) {
            throw failure(e, masker);
        }
    }
}
