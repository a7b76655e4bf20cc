package io.github.pgimage.maven;

import java.io.UncheckedIOException;

import org.apache.maven.plugin.MojoExecutionException;

import io.github.pgimage.core.container.BuildLabel;

/** What {@code start} and {@code stop} share: the label that ties containers to this build. */
public abstract class AbstractContainerMojo extends AbstractImageMojo {

    /** {@code io.github.pgimage.build=groupId:artifactId@<hash of the project folder>}: the same for start and stop. */
    protected BuildLabel buildLabel() throws MojoExecutionException {
        try {
            return BuildLabel.of(project.getGroupId(), project.getArtifactId(), project.getBasedir().toPath());
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
