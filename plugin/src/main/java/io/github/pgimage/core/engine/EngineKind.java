package io.github.pgimage.core.engine;

import java.util.Collection;

/**
 * Which engine answers the Docker API, read from the components of its {@code GET /version}: Podman names one
 * {@code Podman Engine}. The kind decides how an image is built: BuildKit through {@code /build?version=2} on
 * Docker, Buildah through Podman's compatible {@code /build}.
 */
public enum EngineKind {
    DOCKER("docker"),
    PODMAN("podman");

    private final String reportName;

    EngineKind(String reportName) {
        this.reportName = reportName;
    }

    /** The kind from the component names of the version answer; Docker when none names Podman. */
    public static EngineKind fromComponents(Collection<String> componentNames) {
        return componentNames.stream().anyMatch(name -> name != null && name.startsWith("Podman"))
                ? PODMAN : DOCKER;
    }

    /** The name in the build report ({@code engine.kind}). */
    public String reportName() {
        return reportName;
    }
}
