package io.github.pgimage.maven;

import java.time.Instant;
import java.util.List;

import org.apache.maven.model.License;
import org.apache.maven.model.Scm;
import org.apache.maven.project.MavenProject;

import io.github.pgimage.core.metadata.GitRevision;
import io.github.pgimage.core.metadata.StandardLabels;

/**
 * The standard {@code org.opencontainers.image.*} labels from the pom: {@code <name>} (else the artifactId),
 * {@code <description>}, {@code <version>}, {@code <scm><url>} (else a URL {@code <scm><connection>} holds),
 * {@code <url>}, {@code <licenses>}, the commit the work tree has checked out, and the reproducible build's time.
 */
final class ProjectLabels {
    private ProjectLabels() {
    }

    /** @param created the build's fixed time ({@code SOURCE_DATE_EPOCH}, else {@code outputTimestamp}), or null */
    static StandardLabels of(MavenProject project, Instant created) {
        List<StandardLabels.License> licenses = project.getLicenses().stream()
                .map((License l) -> new StandardLabels.License(l.getName(), l.getUrl())).toList();
        return new StandardLabels(project.getName() != null ? project.getName() : project.getArtifactId(),
                project.getDescription(), project.getVersion(),
                GitRevision.of(project.getBasedir().toPath()).orElse(null), source(project.getScm()),
                project.getUrl(), licenses, created);
    }

    /** {@code <scm><url>}, else the URL in {@code <connection>} ({@code scm:git:https://…}); a bare ssh address is none. */
    static String source(Scm scm) {
        if (scm == null) {
            return null;
        }
        if (scm.getUrl() != null && !scm.getUrl().isBlank()) {
            return scm.getUrl();
        }
        String connection = scm.getConnection() == null ? "" : scm.getConnection().strip();
        // scm:<provider>:<provider's address>
        String address = connection.startsWith("scm:") && connection.indexOf(':', 4) > 0
                ? connection.substring(connection.indexOf(':', 4) + 1) : connection;
        return address.matches("(https?|git)://.+") ? address : null;
    }
}
