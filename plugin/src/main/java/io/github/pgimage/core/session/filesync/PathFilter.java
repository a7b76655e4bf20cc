package io.github.pgimage.core.session.filesync;

import java.util.ArrayList;
import java.util.List;

import io.github.pgimage.core.ignore.DockerIgnore;

/**
 * The filters the engine names in a DiffCopy call's metadata, with fsutil's meaning:
 * <ul>
 * <li>{@code include-patterns}: a file is listed only when it, or a directory above it, matches one;</li>
 * <li>{@code followpaths}: paths to list, after following symbolic links in them; the served trees hold no
 *     links (a link inside the project is served as the file it points to, as in the context tar), so these
 *     are include patterns too;</li>
 * <li>{@code exclude-patterns}: .dockerignore rules ({@code !} exceptions, last match wins) for files not to
 *     list.</li>
 * </ul>
 * No include pattern and no follow path means everything. Patterns match with moby's patternmatcher rules,
 * the same as {@link DockerIgnore}.
 */
final class PathFilter {

    static final PathFilter ALL = new PathFilter(null, DockerIgnore.none());

    private final DockerIgnore includes;
    private final DockerIgnore excludes;

    private PathFilter(DockerIgnore includes, DockerIgnore excludes) {
        this.includes = includes;
        this.excludes = excludes;
    }

    /**
     * @throws io.github.pgimage.core.ignore.DockerIgnoreException a pattern is malformed
     */
    static PathFilter of(List<String> includePatterns, List<String> excludePatterns, List<String> followPaths) {
        List<String> included = new ArrayList<>(includePatterns);
        included.addAll(followPaths);
        return new PathFilter(included.isEmpty() ? null : rules(included), rules(excludePatterns));
    }

    private static DockerIgnore rules(List<String> patterns) {
        // One pattern a line; DockerIgnore cleans each like the engine's matcher does (leading '/', './', '//')
        return DockerIgnore.parse(String.join("\n", patterns));
    }

    /** Whether a file of the served tree is listed. */
    boolean lists(String path) {
        return (includes == null || includes.isExcluded(path)) && !excludes.isExcluded(path);
    }

    @Override
    public String toString() {
        return "PathFilter[include=" + (includes == null ? "all" : includes.patterns()) + ", exclude="
                + excludes.patterns() + "]";
    }
}
