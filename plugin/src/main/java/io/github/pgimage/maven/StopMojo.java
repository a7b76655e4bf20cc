package io.github.pgimage.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

import io.github.pgimage.core.container.BuildLabel;
import io.github.pgimage.core.container.ContainerEngine;
import io.github.pgimage.core.container.LabelledResources;
import io.github.pgimage.core.engine.EngineClient;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineLocator;

/**
 * Stops and removes what {@code start} started for this project: every container and volume labelled with this
 * build's identity. Bound to post-integration-test, which runs before failsafe's verify fails the build, so it
 * also runs after failed tests.
 */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class StopMojo extends AbstractContainerMojo {

    @Override
    protected void executeGoal() throws MojoExecutionException {
        BuildLabel label = buildLabel();
        try (EngineClient engine = EngineClient.connect(EngineLocator.forThisProcess().locate(dockerHost))) {
            LabelledResources.Removed removed = new LabelledResources(new ContainerEngine(engine))
                    .removeAll(label, getLog()::info);
            if (removed.isEmpty()) {
                getLog().info("Nothing to stop: no container or volume labelled " + label);
            }
        } catch (EngineException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
