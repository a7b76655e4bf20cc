package io.github.pgimage.core.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * filtered by .dockerignore) and the default entrypoint when the project has none. Nothing else of the source
 * directory is sent to the engine.
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
            entries.add(mode != null ? ContextEntry.file(file.getKey(), file.getValue(), mode.octalMode())
                    : ContextEntry.file(file.getKey(), file.getValue(), isScript(file.getKey(), file.getValue())));
        }
        if (plan.entrypointLayer().usesDefaultEntrypoint()) {
            entries.add(ContextEntry.generated(ProjectLayout.ENTRYPOINT, DefaultEntrypoint.content(), true));
        }
        entries.sort(null);
        return entries;
    }

    /** Scripts get 0755: by name, or by a shebang line, never by the checkout's permission bits (they vary). */
    static boolean isScript(String path, Path file) {
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
