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

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.plan.ProjectLayout;
import io.github.pgimage.core.plan.ProjectProblem;

/**
 * Reads the places of the layout convention below a source directory. Links are followed as long as they stay
 * inside the source directory; one that leaves it is a problem, because the context would then depend on files
 * outside the project.
 */
public final class ProjectScanner {

    public ProjectFiles scan(Path sourceDirectory) {
        Path root;
        try {
            root = sourceDirectory.toRealPath();
        } catch (IOException e) {
            throw new InvalidSettingException(Setting.SOURCE_DIRECTORY, String.valueOf(sourceDirectory),
                    "cannot read the source directory " + sourceDirectory + " (" + e + ")", e);
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidSettingException(Setting.SOURCE_DIRECTORY, String.valueOf(sourceDirectory),
                    "the source directory " + sourceDirectory + " is not a directory");
        }
        TreeMap<String, Path> files = new TreeMap<>();
        List<ProjectProblem> problems = new ArrayList<>();
        for (String dir : ProjectLayout.DIRECTORIES) {
            Path start = root.resolve(dir);
            if (Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
                walk(root, start, files, problems);
            }
        }
        for (String single : List.of(ProjectLayout.ENTRYPOINT, ProjectLayout.DOCKERIGNORE)) {
            Path file = root.resolve(single);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                if (staysInside(root, file, single, problems) && Files.isRegularFile(file)) {
                    files.put(single, file);
                }
            }
        }
        return new ProjectFiles(root, files, problems);
    }

    private void walk(Path root, Path start, TreeMap<String, Path> files, List<ProjectProblem> problems) {
        try {
            Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return staysInside(root, dir, relative(root, dir), problems)
                                    ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String rel = relative(root, file);
                            // Its directory stays inside (else the walk skipped it): only a link can leave.
                            // One lstat instead of resolving every component of every file's path.
                            boolean inside = !Files.isSymbolicLink(file) || staysInside(root, file, rel, problems);
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
                                problems.add(new ProjectProblem(rel, "cannot be read (" + e.getMessage() + ")",
                                        "fix its permissions or remove it"));
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + start, e);
        }
    }

    private static boolean staysInside(Path root, Path path, String rel, List<ProjectProblem> problems) {
        try {
            Path real = path.toRealPath();
            if (real.startsWith(root)) {
                return true;
            }
            problems.add(new ProjectProblem(rel, "is a symbolic link that leaves the source directory (to " + real + ")",
                    "copy the target into the project or point the link inside " + root));
        } catch (IOException e) {
            problems.add(new ProjectProblem(rel, "is a broken symbolic link (" + e.getMessage() + ")",
                    "remove the link or restore its target"));
        }
        return false;
    }

    static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }
}
