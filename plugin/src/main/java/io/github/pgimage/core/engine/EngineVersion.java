package io.github.pgimage.core.engine;

import java.util.Objects;

/** What {@code GET /version} says, e.g. {@code 20.10.24+dfsg1} and {@code 1.41}, and which kind of engine said it. */
public record EngineVersion(String version, String apiVersion, EngineKind kind) {

    public EngineVersion {
        Objects.requireNonNull(kind, "kind");
    }

    /** A Docker engine's version. */
    public EngineVersion(String version, String apiVersion) {
        this(version, apiVersion, EngineKind.DOCKER);
    }

    public boolean isPodman() {
        return kind == EngineKind.PODMAN;
    }
}
