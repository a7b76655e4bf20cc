package io.github.pgimage.core.plan;

/**
 * Which builder runs the generated Dockerfile: it decides the forms of the few instructions the two read
 * differently (the apt cache mounts).
 */
public enum BuildEngine {
    /** Docker's BuildKit: cache mounts with {@code sharing=locked}. */
    BUILDKIT,
    /**
     * BuildKit 0.10+ building an image for the registry only ({@code load=false}): the entrypoint layer's files are
     * copied with {@code COPY --link}, a layer of their own that needs nothing of the setup layers beneath, so that
     * setup layers a registry cache holds are never pulled to run the copy (a copy with a named owner, which the
     * setup layers' /etc/passwd resolves, stays a plain COPY). Its directories are made root-owned, 0755.
     */
    BUILDKIT_LINKED,
    /**
     * Podman's Buildah: {@code sharing=locked} hangs Buildah 1.28 (Podman 4.3) for good, so its cache mounts use
     * Buildah's default sharing; apt's own lock files keep two builds from writing the cache at once.
     */
    BUILDAH
}
