package io.github.pgimage.core.plan;

import java.util.Objects;

/**
 * The mode and owner one file of the entrypoint layer gets in the image, declared by the user because Git keeps no
 * modes but the exec bit and no owners at all: a server key PostgreSQL accepts (0600, owned by the server's user),
 * a {@code .pgpass}. The file travels in the context with this mode and is copied with this owner.
 *
 * @param path  relative to the source directory, e.g. {@code config/server.key}
 * @param mode  octal, e.g. {@code 0600}
 * @param owner {@code user}, {@code user:group}, {@code uid} or {@code uid:gid}; {@code null} for the image's run-as user
 */
public record FileMode(String path, String mode, String owner) {

    public FileMode {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
    }

    /** The mode as a number; only valid after validation. */
    public int octalMode() {
        return Integer.parseInt(mode, 8);
    }

    /** Where the file travels in the context: apart from its directory, so that the directory's COPY leaves it out. */
    public String contextPath() {
        return ProjectLayout.PRIVATE_FILES + "/" + path;
    }
}
