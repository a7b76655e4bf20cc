package io.github.pgimage.core.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.pgimage.core.dockerfile.DefaultEntrypoint;
import io.github.pgimage.core.plan.FileMode;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ProjectLayout;
import io.github.pgimage.core.files.IoReason;

/**
 * Lists what goes into the build context: the generated Dockerfile, the project files the plan uses (already
 * filtered by .dockerignore), the links meant for the image, and the default entrypoint when the project has none.
 * Nothing else of the source directory is sent to the engine.
 */
public final class ContextAssembler {

    public static final String DOCKERFILE = "Dockerfile";

    public List<ContextEntry> entries(ImagePlan plan, String dockerfile) {
        List<ContextEntry> entries = new ArrayList<>();
        entries.add(ContextEntry.generated(DOCKERFILE, dockerfile.getBytes(StandardCharsets.UTF_8), false));
        Map<String, FileMode> declared = new HashMap<>();
        plan.settings().fileModes().forEach(f -> declared.put(f.contextPath(), f));
        for (Map.Entry<String, Path> file : plan.contextFiles().entrySet()) {
            FileMode mode = declared.get(file.getKey());
            int own = modeOf(file.getKey(), file.getValue());
            if (file.getKey().equals(ProjectLayout.ENTRYPOINT)) {
                own = executable(own); // the image's ENTRYPOINT: executed by the runtime, not by an interpreter
            }
            entries.add(ContextEntry.file(file.getKey(), file.getValue(), mode != null ? mode.octalMode() : own));
        }
        plan.contextLinks().forEach((path, target) -> entries.add(ContextEntry.link(path, target)));
        if (plan.entrypointLayer().usesDefaultEntrypoint()) {
            entries.add(ContextEntry.generated(ProjectLayout.ENTRYPOINT, DefaultEntrypoint.content(), true));
        }
        entries.sort(null);
        return entries;
    }

    /**
     * The file's own permission bits, as {@code docker build} sends them from a POSIX file system: a fragment kept at
     * 0644 stays 0644, so an entrypoint that tests {@code -x} sources it. Where the file system has no POSIX modes
     * (Windows), scripts get 0755 (by name or by a shebang line) and other files 0644.
     */
    static int modeOf(String path, Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return isScript(path, file) ? 0755 : 0644;
        }
        try {
            PosixFileAttributes attributes = view.readAttributes();
            int mode = 0;
            for (PosixFilePermission permission : attributes.permissions()) {
                mode |= 0400 >> permission.ordinal(); // OWNER_READ is ordinal 0 … OTHERS_EXECUTE is 8
            }
            return mode;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mode of " + file, e);
        }
    }

    /** Every class that may read the file may also execute it: 0644 → 0755, 0600 → 0700. */
    static int executable(int mode) {
        return mode | ((mode & 0444) >> 2);
    }

    private static boolean isScript(String path, Path file) {
        if (path.endsWith(".sh")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == '#' && head[1] == '!';
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoReason.of(e), e);
        }
    }
}
