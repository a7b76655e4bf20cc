package io.github.pgimage.core.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.pgimage.core.ignore.DockerIgnore;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ProjectLayout;
import io.github.pgimage.core.scan.ProjectScanner;

/**
 * What the context holds (the project's files and their bytes) and what {@code .dockerignore} left out of the
 * layout's places, for the report. The plan keeps only what goes in, so the places are scanned again and the plan's
 * {@code .dockerignore} applied to what is there.
 */
public final class ContextContents {

    private ContextContents() {
    }

    /**
     * @param sent how the context was sent, as the build says it
     */
    public static BuildReport.ContextSent of(BuildReport.ContextSent sent, ImagePlan plan) {
        return scan(plan).into(sent);
    }

    /** The project's side of the context, read once: its files, their bytes, what {@code .dockerignore} left out. */
    public record Scan(int files, long bytes, List<String> ignored) {
        public BuildReport.ContextSent into(BuildReport.ContextSent sent) {
            return sent.withContents(files, bytes, ignored);
        }
    }

    /** Reads the layout again for what .dockerignore left out (the plan holds only what it kept). */
    public static Scan scan(ImagePlan plan) {
        long bytes = 0;
        for (Path file : plan.contextFiles().values()) {
            try {
                bytes += Files.size(file);
            } catch (IOException e) {
                // gone since the build read it (watch: an edit): it counts as a file without bytes
            }
        }
        DockerIgnore ignore = plan.dockerignore().isEmpty() ? DockerIgnore.none() : DockerIgnore.parse(plan.dockerignore());
        List<String> ignored = new ProjectScanner().scan(plan.sourceDirectory(), sharedDirectories(plan)).all().keySet()
                .stream()
                .filter(path -> !path.equals(ProjectLayout.DOCKERIGNORE) && ignore.isExcluded(path))
                .toList();
        return new Scan(plan.contextFiles().size(), bytes, ignored);
    }

    /**
     * The shared directories the plan's files came from: a context file outside the source directory is the shared
     * directory's file at the same relative path. (A shared directory none of whose files is in the context is not
     * found, nor what .dockerignore left out of it.)
     */
    private static List<Path> sharedDirectories(ImagePlan plan) {
        Path source = plan.sourceDirectory().toAbsolutePath().normalize();
        Set<Path> shared = new LinkedHashSet<>();
        plan.contextFiles().forEach((relative, file) -> {
            Path absolute = file.toAbsolutePath().normalize();
            Path tail = Path.of(relative);
            if (!absolute.startsWith(source) && absolute.endsWith(tail)) {
                Path root = absolute;
                for (int i = 0; i < tail.getNameCount(); i++) {
                    root = root.getParent();
                }
                shared.add(root);
            }
        });
        return List.copyOf(shared);
    }
}
