package io.github.pgimage.core.buildkit;

/**
 * What a builder can do beyond building one image into the engine, as buildx's drivers declare their features
 * ({@code driver/features.go}). A {@link Builder} declares its set from what the engine or daemon reported; a build's
 * options derive the set it needs; one check before anything is sent refuses what the chosen builder lacks.
 */
public enum Feature {
    /** Several platforms in one image index. */
    MULTI_PLATFORM,
    /** Names the platforms its workers run, so that a platform without an emulator is refused before the build. */
    PLATFORM_LIST,
    /** Imports BuildKit cache from images (inline cache) or registry caches. */
    CACHE_IMPORT,
    /** Writes cache metadata into the image (inline cache). */
    INLINE_CACHE,
    /** Exports build cache to a registry ({@code type=registry}). */
    REGISTRY_CACHE_EXPORT,
    /** Reads a cache folder ({@code type=local,src=…}) through a content store served over its session. */
    LOCAL_CACHE_IMPORT,
    /** Writes a cache folder ({@code type=local,dest=…}). */
    LOCAL_CACHE_EXPORT,
    /** Provenance and SBOM attestations beside the image. */
    ATTESTATIONS,
    /** Writes the image as an OCI archive. */
    OCI_ARCHIVE,
    /** Pushes the image as it exports it (else the engine pushes after the build). */
    PUSH,
    /**
     * Pushes without loading the image into the store ({@code load=false}): layers a cache import found stay in the
     * registry, never pulled to this machine (BuildKit's lazy refs, its image exporter's {@code store=false}).
     */
    PUSH_WITHOUT_LOAD,
    /** Serves build secrets to the steps that mount them. */
    SECRETS,
    /** Serves registry logins for the pulls of a build (base image, cache sources) over its session. */
    REGISTRY_LOGINS,
    /** Takes the context over file sync, so only the files whose content changed are sent. */
    CONTEXT_FILE_SYNC
}
