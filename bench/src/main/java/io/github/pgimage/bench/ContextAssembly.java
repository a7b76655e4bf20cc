package io.github.pgimage.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import io.github.pgimage.core.context.ContextEntry;
import io.github.pgimage.core.ignore.DockerIgnore;

/**
 * The part of context assembly that precedes the tar: walk the source tree, apply its .dockerignore and list
 * the entries. (The plugin's own scanner also validates; this measures the walk and the matching.)
 */
final class ContextAssembly {

    private ContextAssembly() {
    }

    static List<ContextEntry> entries(Path root, String dockerignore) throws IOException {
        DockerIgnore ignore = DockerIgnore.parse(dockerignore);
        List<ContextEntry> entries = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                // Without exceptions nothing below an excluded directory can come back
                return !dir.equals(root) && !ignore.hasExceptions() && ignore.isExcluded(relative(root, dir))
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String path = relative(root, file);
                if (attrs.isRegularFile() && !ignore.isExcluded(path)) {
                    entries.add(ContextEntry.file(path, file, path.endsWith(".sh")));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
