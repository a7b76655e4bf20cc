package io.github.pgimage.core.scan;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.github.pgimage.core.plan.ProjectProblem;

/**
 * The regular files found in the places of the layout convention, by path relative to the source directory
 * ('/' separators, sorted), the links meant for the image, what lies beside the places, plus what the scan itself
 * found wrong (links that leave the directory).
 */
public final class ProjectFiles {

    private final Path root;
    private final NavigableMap<String, Path> files;
    private final NavigableMap<String, String> links;
    private final List<ProjectProblem> problems;
    private final SortedSet<String> topLevelNames;
    private final SortedSet<String> unplaced;

    ProjectFiles(Path root, NavigableMap<String, Path> files, NavigableMap<String, String> links,
                 List<ProjectProblem> problems, SortedSet<String> topLevelNames, SortedSet<String> unplaced) {
        this.root = root;
        this.files = Collections.unmodifiableNavigableMap(new TreeMap<>(files));
        this.links = Collections.unmodifiableNavigableMap(new TreeMap<>(links));
        this.problems = List.copyOf(problems);
        this.topLevelNames = Collections.unmodifiableSortedSet(new TreeSet<>(topLevelNames));
        this.unplaced = Collections.unmodifiableSortedSet(new TreeSet<>(unplaced));
    }

    /**
     * The project as the build sees it: without the files (and the scan's problems about files) that
     * {@code excluded} names, i.e. what .dockerignore keeps out. Every rule then reads only what is really part of
     * the image.
     */
    public ProjectFiles without(Predicate<String> excluded) {
        TreeMap<String, Path> kept = new TreeMap<>();
        files.forEach((rel, file) -> {
            if (!excluded.test(rel)) {
                kept.put(rel, file);
            }
        });
        TreeMap<String, String> keptLinks = new TreeMap<>();
        links.forEach((rel, target) -> {
            if (!excluded.test(rel)) {
                keptLinks.put(rel, target);
            }
        });
        List<ProjectProblem> keptProblems = problems.stream().filter(p -> !excluded.test(p.where())).toList();
        return new ProjectFiles(root, kept, keptLinks, keptProblems, notExcluded(topLevelNames, excluded),
                notExcluded(unplaced, excluded));
    }

    private static TreeSet<String> notExcluded(SortedSet<String> names, Predicate<String> excluded) {
        TreeSet<String> kept = new TreeSet<>();
        for (String name : names) {
            String bare = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            if (!excluded.test(bare)) {
                kept.add(name);
            }
        }
        return kept;
    }

    /**
     * Links below the layout's places whose target is an absolute path outside the project: files of the image,
     * kept as links (relative path to the target as written).
     */
    public NavigableMap<String, String> links() {
        return links;
    }

    /**
     * What {@code setup/} and {@code entrypoint.d/} hold beside the layout's places, directories with a trailing
     * '/': no part of the layout takes it, so it never reaches the image.
     */
    public SortedSet<String> unplaced() {
        return unplaced;
    }

    /** Names directly in the source directory, directories with a trailing '/'; for warnings about look-alikes. */
    public SortedSet<String> topLevelNames() {
        return topLevelNames;
    }

    public Path root() {
        return root;
    }

    /** All files, sorted by relative path. */
    public NavigableMap<String, Path> all() {
        return files;
    }

    public boolean contains(String relativePath) {
        return files.containsKey(relativePath);
    }

    public Path resolve(String relativePath) {
        return files.get(relativePath);
    }

    /** Relative paths of the files directly or indirectly below {@code directory} (no trailing slash). */
    public List<String> under(String directory) {
        String prefix = directory + "/";
        return files.subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet().stream()
                .collect(Collectors.toList());
    }

    /** Relative paths of the files directly in {@code directory}. */
    public List<String> directlyIn(String directory) {
        String prefix = directory + "/";
        return under(directory).stream().filter(p -> p.indexOf('/', prefix.length()) < 0).collect(Collectors.toList());
    }

    public List<ProjectProblem> problems() {
        return problems;
    }
}
