package io.github.pgimage.core.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.plan.ProjectLayout;
import io.github.pgimage.core.plan.ProjectProblem;
import io.github.pgimage.core.files.IoReason;

/**
 * Reads the places of the layout convention below a source directory, and below the shared directories declared
 * beside it (helper scripts several image modules of a reactor use). Links are followed as long as they stay inside
 * the source directory or a declared shared directory; one that leaves them is a problem, because the context would
 * then depend on files nobody declared.
 */
public final class ProjectScanner {

    public ProjectFiles scan(Path sourceDirectory) {
        return scan(sourceDirectory, List.of());
    }

    /**
     * @param sharedDirectories folders with the same layout (e.g. {@code setup/lib/}, {@code entrypoint.d/lib/}) whose
     *                          files count as the project's own; a path present in two places is a problem
     */
    public ProjectFiles scan(Path sourceDirectory, List<Path> sharedDirectories) {
        Path root = realDirectory(sourceDirectory, Setting.SOURCE_DIRECTORY, "the source directory");
        List<Path> shared = new ArrayList<>();
        for (Path dir : sharedDirectories) {
            shared.add(realDirectory(dir, Setting.SHARED_DIRECTORIES, "the shared directory"));
        }
        List<Path> allowed = new ArrayList<>(shared);
        allowed.add(0, root);
        TreeMap<String, Path> files = new TreeMap<>();
        List<ProjectProblem> problems = new ArrayList<>();
        for (String dir : ProjectLayout.DIRECTORIES) {
            Path start = root.resolve(dir);
            if (Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
                walk(root, allowed, start, files, problems);
            }
        }
        for (String single : List.of(ProjectLayout.ENTRYPOINT, ProjectLayout.DOCKERIGNORE)) {
            Path file = root.resolve(single);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                if (staysInside(allowed, file, single, problems) && Files.isRegularFile(file)) {
                    files.put(single, file);
                }
            }
        }
        for (Path sharedRoot : shared) {
            TreeMap<String, Path> sharedFiles = new TreeMap<>();
            for (String dir : ProjectLayout.DIRECTORIES) {
                Path start = sharedRoot.resolve(dir);
                if (Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
                    walk(sharedRoot, allowed, start, sharedFiles, problems);
                }
            }
            sharedFiles.forEach((rel, file) -> {
                Path earlier = files.putIfAbsent(rel, file);
                if (earlier != null) {
                    problems.add(new ProjectProblem(rel, "is both " + earlier + " and " + file
                            + " (from the shared directory " + sharedRoot + ")",
                            "keep one of them, or rename one"));
                }
            });
        }
        return new ProjectFiles(root, files, problems, topLevelNames(root));
    }

    private static Path realDirectory(Path directory, Setting setting, String what) {
        Path real;
        try {
            real = directory.toRealPath();
        } catch (IOException e) {
            throw new InvalidSettingException(setting, String.valueOf(directory),
                    "cannot read " + what + " " + directory + " (" + IoReason.of(e) + ")", e);
        }
        if (!Files.isDirectory(real)) {
            throw new InvalidSettingException(setting, String.valueOf(directory),
                    what + " " + directory + " is not a directory");
        }
        return real;
    }

    private static TreeSet<String> topLevelNames(Path root) {
        try (Stream<Path> entries = Files.list(root)) {
            TreeSet<String> names = new TreeSet<>();
            entries.forEach(p -> names.add(p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "")));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + IoReason.of(e), e);
        }
    }

    private void walk(Path root, List<Path> allowed, Path start, TreeMap<String, Path> files,
                      List<ProjectProblem> problems) {
        try {
            Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return staysInside(allowed, dir, relative(root, dir), problems)
                                    ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String rel = relative(root, file);
                            // Its directory stays inside (else the walk skipped it): only a link can leave.
                            // One lstat instead of resolving every component of every file's path.
                            boolean inside = !Files.isSymbolicLink(file) || staysInside(allowed, file, rel, problems);
                            if (inside && attrs.isRegularFile()) {
                                files.put(rel, file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            String rel = relative(root, file);
                            if (e instanceof FileSystemLoopException) {
                                problems.add(new ProjectProblem(rel, "a symbolic link loops back to a parent directory",
                                        "replace the link with the files it should provide"));
                            } else {
                                problems.add(new ProjectProblem(rel, "cannot be read (" + IoReason.of(e) + ")",
                                        "fix its permissions or remove it"));
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + start + ": " + IoReason.of(e), e);
        }
    }

    private static boolean staysInside(List<Path> allowed, Path path, String rel, List<ProjectProblem> problems) {
        Path root = allowed.get(0);
        try {
            Path real = path.toRealPath();
            for (Path dir : allowed) {
                if (real.startsWith(dir)) {
                    return true;
                }
            }
            String where = allowed.size() == 1 ? "the source directory" : "the source directory and the shared directories";
            problems.add(new ProjectProblem(rel, "is a symbolic link that leaves " + where + " (to " + real + ")",
                    "copy the target into the project, point the link inside " + root
                            + ", or declare the target's folder as a shared directory"));
        } catch (IOException e) {
            problems.add(new ProjectProblem(rel, "is a broken symbolic link (" + IoReason.of(e) + ")",
                    "remove the link or restore its target"));
        }
        return false;
    }

    static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }
}
