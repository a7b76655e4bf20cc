package io.github.pgimage.core.validate;

import static io.github.pgimage.core.plan.ProjectLayout.ENTRYPOINT;
import static io.github.pgimage.core.plan.ProjectLayout.IMAGE_HOME;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.github.pgimage.core.plan.ImagePlan;

/**
 * A base image with an ENTRYPOINT of its own ({@code postgres:16}: {@code docker-entrypoint.sh}, which creates the
 * cluster) loses it: the image's ENTRYPOINT is {@code /opt/pgimage/entrypoint.sh}. Known only once the engine has
 * the base image, so the build asks for its config and says so once, unless the project's own entrypoint.sh
 * already hands over to it.
 */
public final class BaseImageEntrypoint {

    private BaseImageEntrypoint() {
    }

    /** The warning for a base image whose config has {@code entrypoint}, if one is due. */
    public static Optional<String> warning(ImagePlan plan, List<String> entrypoint) {
        if (entrypoint.isEmpty()) {
            return Optional.empty();
        }
        String program = entrypoint.get(0);
        String name = program.substring(program.lastIndexOf('/') + 1);
        boolean own = !plan.entrypointLayer().usesDefaultEntrypoint();
        if (own && !name.isEmpty() && read(plan.contextFiles().get(ENTRYPOINT)).contains(name)) {
            return Optional.empty(); // the project's entrypoint already runs it
        }
        String replacing = own ? "the project's " + ENTRYPOINT : "the plugin's default entrypoint";
        return Optional.of("The base image " + plan.settings().baseImage() + " has its own ENTRYPOINT "
                + String.join(" ", entrypoint) + ", which the image's ENTRYPOINT " + IMAGE_HOME + "/" + ENTRYPOINT + " ("
                + replacing + ") replaces: what it did at start no longer happens. To keep it, write an " + ENTRYPOINT
                + " that does the image's own work and then hands over: exec " + program + " \"$@\"");
    }

    private static String read(Path file) {
        try {
            return file == null ? "" : Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
