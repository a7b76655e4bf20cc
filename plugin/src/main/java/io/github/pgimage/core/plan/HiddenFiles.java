package io.github.pgimage.core.plan;

import java.util.Set;

import io.github.pgimage.core.ignore.DockerIgnore;

/**
 * Hidden files under {@code setup/} and {@code entrypoint.d/} ({@code .x.swp}, {@code .versions.json},
 * {@code .idea/}): an editor's or a tool's, not the image's. They stay out of the context (and so out of the image
 * and the setup mounts) unless the project names them: an exception in {@code .dockerignore}
 * ({@code !entrypoint.d/lib/.pgpass}) or a declared file mode. Git's placeholders ({@code .gitkeep}) are left out
 * without a word; every other one gets a warning.
 */
public final class HiddenFiles {

    private static final Set<String> PLACEHOLDERS = Set.of(".gitkeep", ".keep", ".gitignore", ".gitattributes");

    private HiddenFiles() {
    }

    /** Whether a path of the project is a hidden file of setup/ or entrypoint.d/ (a segment below them starts with a dot). */
    public static boolean isHidden(String path) {
        // Called for every file of the project: a plain scan, no stream or split (paths are clean: no "./")
        int slash = path.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String parent = path.substring(0, slash);
        return ProjectLayout.PARENTS.contains(parent) && path.indexOf("/.", slash) >= 0;
    }

    /** Whether the hidden file stays out of the context: the project does not name it. */
    public static boolean leftOut(String path, DockerIgnore ignore, ImageSettings settings) {
        return isHidden(path) && !ignore.reincludes(path) && settings.fileMode(path).isEmpty();
    }

    /** A file Git needs in an otherwise empty folder; leaving it out needs no warning. */
    public static boolean isPlaceholder(String path) {
        return PLACEHOLDERS.contains(path.substring(path.lastIndexOf('/') + 1));
    }
}
