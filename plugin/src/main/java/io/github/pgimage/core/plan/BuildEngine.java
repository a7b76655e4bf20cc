package io.github.pgimage.core.plan;

/**
 * Which builder runs the generated Dockerfile: it decides the forms of the few instructions the two read
 * differently (the apt cache mounts).
 */
public enum BuildEngine {
    /** Docker's BuildKit: cache mounts with {@code sharing=locked}. */
    BUILDKIT,
    /**
     * Podman's Buildah: {@code sharing=locked} hangs Buildah 1.28 (Podman 4.3) for good, so its cache mounts use
     * Buildah's default sharing; apt's own lock files keep two builds from writing the cache at once.
     */
    BUILDAH
}
