package io.github.pgimage.maven;

import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

import io.github.pgimage.core.container.BuildLabel;

/**
 * What {@code start}, {@code watch} and {@code stop} share: the labels that tie containers to this module and to the
 * execution that started them, so that two {@code start} executions of one module (two databases) coexist.
 */
public abstract class AbstractContainerMojo extends AbstractImageMojo {

    /** Skips {@code start} and {@code stop} with the integration tests, as failsafe does ({@code watch} runs anyway). */
    @Parameter(property = "skipITs", defaultValue = "false")
    protected boolean skipITs;

    /** Skips {@code start} and {@code stop} with every test, as surefire and failsafe do. */
    @Parameter(property = "skipTests", defaultValue = "false")
    protected boolean skipTests;

    /** Skips {@code start} and {@code stop} when the tests are not even compiled, as failsafe does. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    protected boolean mavenTestSkip;

    /** {@code start} and {@code stop} serve the integration tests: they skip when failsafe does. */
    @Override
    protected Optional<String> skippedBy() {
        return skipITs ? Optional.of("skipITs=true") : skipTests ? Optional.of("skipTests=true")
                : mavenTestSkip ? Optional.of("maven.test.skip=true") : Optional.empty();
    }

    /** {@code io.github.pgimage.build=groupId:artifactId@<hash of the project folder>}: the same for start and stop. */
    protected BuildLabel buildLabel() throws MojoExecutionException {
        try {
            return BuildLabel.of(project.getGroupId(), project.getArtifactId(), project.getBasedir().toPath());
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** The module's label narrowed to this execution: what this {@code start} creates and clears. */
    protected BuildLabel executionLabel() throws MojoExecutionException {
        return buildLabel().forExecution(executionId());
    }

    /** The ids of this module's executions of this plugin that run {@code start} or {@code watch}, as the pom binds them. */
    protected Set<String> startingExecutions() {
        Set<String> ids = new TreeSet<>();
        if (project == null || mojoExecution == null) {
            return ids;
        }
        for (Plugin plugin : project.getBuildPlugins()) {
            if (!plugin.getGroupId().equals(mojoExecution.getGroupId())
                    || !plugin.getArtifactId().equals(mojoExecution.getArtifactId())) {
                continue;
            }
            for (PluginExecution execution : plugin.getExecutions()) {
                if (execution.getGoals().contains("start") || execution.getGoals().contains("watch")) {
                    ids.add(execution.getId());
                }
            }
        }
        return ids;
    }
}
