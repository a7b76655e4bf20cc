package io.github.pgimage.core.output;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.context.ContextAssembler;
import io.github.pgimage.core.context.ContentDigest;
import io.github.pgimage.core.context.ContextEntry;
import io.github.pgimage.core.context.ContextTar;
import io.github.pgimage.core.context.ContextTarWriter;
import io.github.pgimage.core.dockerfile.DockerfileGenerator;
import io.github.pgimage.core.files.AtomicFiles;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ProjectLayout;

/**
 * The files the plugin leaves in {@code target/postgres-image/} before any engine is involved: the Dockerfile,
 * the project's .dockerignore beside it, and the deterministic context tar.
 */
public final class ImageFiles {

    public static final String DOCKERFILE = "Dockerfile";
    public static final String CONTEXT_TAR = "context.tar";

    /** Fixed mtime of every context entry when SOURCE_DATE_EPOCH is not set: the tar must not depend on checkout time. */
    public static final Instant DEFAULT_MTIME = ContextTarWriter.DEFAULT_MTIME;

    private final Path outputDirectory;

    public ImageFiles(Path outputDirectory) {
        this.outputDirectory = outputDirectory;
    }

    public Path dockerfile() {
        return outputDirectory.resolve(DOCKERFILE);
    }

    public Path contextTar() {
        return outputDirectory.resolve(CONTEXT_TAR);
    }

    /** Writes the Dockerfile (and .dockerignore when the project has one); returns the Dockerfile's text. */
    public String writeDockerfile(ImagePlan plan) {
        String dockerfile = new DockerfileGenerator().generate(plan);
        AtomicFiles.write(dockerfile(), dockerfile.getBytes(StandardCharsets.UTF_8));
        if (!plan.dockerignore().isEmpty()) {
            AtomicFiles.write(outputDirectory.resolve(ProjectLayout.DOCKERIGNORE),
                    plan.dockerignore().getBytes(StandardCharsets.UTF_8));
        }
        return dockerfile;
    }

    /** Writes Dockerfile and context.tar; returns the tar's digest ({@code sha256:…}). */
    public ContextOutput writeContext(ImagePlan plan, Map<String, String> environment) {
        String dockerfile = writeDockerfile(plan);
        List<ContextEntry> entries = new ContextAssembler().entries(plan, dockerfile);
        Map<String, ContentDigest> digests = new HashMap<>();
        String digest = ContextTar.write(entries, contextTar(), mtime(environment), digests);
        return new ContextOutput(contextTar(), digest, entries.size(), entries, digests);
    }

    /**
     * {@code SOURCE_DATE_EPOCH} (reproducible-builds.org) when set, else {@link #DEFAULT_MTIME}.
     *
     * @throws InvalidSettingException when it is set to something that is not a number
     */
    public static Instant mtime(Map<String, String> environment) {
        String epoch = environment.get("SOURCE_DATE_EPOCH");
        if (epoch == null || epoch.isBlank()) {
            return DEFAULT_MTIME;
        }
        long seconds;
        try {
            seconds = Long.parseLong(epoch.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(Setting.SOURCE_DATE_EPOCH, epoch, "SOURCE_DATE_EPOCH='" + epoch
                    + "' is not a number of seconds since 1970; unset it or set it to e.g. $(git log -1 --format=%ct)", e);
        }
        if (seconds < 0) { // a tar entry's time cannot be before 1970
            throw new InvalidSettingException(Setting.SOURCE_DATE_EPOCH, epoch, "SOURCE_DATE_EPOCH='" + epoch
                    + "' is before 1970; unset it or set it to e.g. $(git log -1 --format=%ct)");
        }
        return Instant.ofEpochSecond(seconds);
    }

    /**
     * What {@link #writeContext} wrote.
     *
     * @param files   the entries the tar holds, for serving the same context over a BuildKit session
     * @param digests each file's size and SHA-256 as the tar took it, by context path: what the session lists
     */
    public record ContextOutput(Path file, String digest, int entries, List<ContextEntry> files,
                                Map<String, ContentDigest> digests) {
        public ContextOutput {
            files = List.copyOf(files);
            digests = Map.copyOf(digests);
        }
    }
}
