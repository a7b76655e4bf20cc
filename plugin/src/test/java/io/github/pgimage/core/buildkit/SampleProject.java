package io.github.pgimage.core.buildkit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A copy of the sample project in test resources (a setup stage with three bind-mounted scripts,
 * a runtime stage with three COPY steps) that tests can edit and pack into a context tar.
 */
public final class SampleProject {
    private final Path root;
    private final Path tar;

    private SampleProject(Path root, Path tar) {
        this.root = root;
        this.tar = tar;
    }

    /** A fresh copy whose setup script 01 carries a new comment, so that no step is in the engine's cache. */
    public static SampleProject cold(Path workDir) {
        try {
            Path source = Path.of(SampleProject.class.getResource("sample").toURI());
            Path root = workDir.resolve("sample");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path target = root.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            SampleProject project = new SampleProject(root, workDir.resolve("context.tar"));
            project.append("setup/scripts/01-base.sh", "# cold build " + UUID.randomUUID() + "\n");
            return project;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A small layout of a test's own under {@code root}: each path with its text, scripts ({@code .sh}) executable.
     *
     * @return {@code root}
     */
    public static Path layout(Path root, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = root.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
            target.toFile().setExecutable(file.getKey().endsWith(".sh"));
        }
        return root;
    }

    public void write(String path, String content) {
        try {
            Files.writeString(root.resolve(path), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void append(String path, String content) {
        try {
            Files.writeString(root.resolve(path), Files.readString(root.resolve(path)) + content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Packs the project as it is now into a tar and returns a source streaming that file. */
    public ContextSource context() {
        try (OutputStream out = Files.newOutputStream(tar);
             TarArchiveOutputStream archive = new TarArchiveOutputStream(out)) {
            archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), root.relativize(file).toString());
                entry.setMode(Files.isExecutable(file) ? 0100755 : 0100644);
                archive.putArchiveEntry(entry);
                Files.copy(file, archive);
                archive.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path snapshot = tar;
        return () -> Files.newInputStream(snapshot);
    }
}
