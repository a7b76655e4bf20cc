package io.github.pgimage.core;

/**
 * The user settings an error can be about, named by what they mean rather than how a front end spells them: the
 * Maven plugin maps each to its parameter and property ({@code <dockerHost>}, {@code postgres-image.dockerHost}).
 * Settings that are environment variables for every front end keep that name in {@link #environmentVariable()}.
 */
public enum Setting {
    IMAGE,
    TAGS,
    BASE_IMAGE,
    /** The user the image's processes run as. */
    RUN_AS_USER,
    /** Environment variables baked into the image. */
    IMAGE_ENV,
    IMAGE_LABELS,
    BUILD_ARGS,
    EXPOSED_PORTS,
    IMAGE_VOLUMES,
    STOP_SIGNAL,
    CACHE_FROM,
    /** BuildKit cache exports (registry, local, inline). */
    CACHE_TO,
    INLINE_CACHE,
    SOURCE_DIRECTORY,
    SHARED_DIRECTORIES,
    /** The engine's address; also DOCKER_HOST and the Docker context. */
    ENGINE_ADDRESS("DOCKER_HOST"),
    /** The context tar's entry time (reproducible-builds.org). */
    SOURCE_DATE_EPOCH("SOURCE_DATE_EPOCH"),
    /** The build tool's fixed timestamp for reproducible outputs, used when SOURCE_DATE_EPOCH is not set. */
    OUTPUT_TIMESTAMP,
    /** Pull the base image even when the engine has it. */
    PULL,
    BUILD_SECRETS,
    REGISTRY_LOGINS,
    PUSH_ATTEMPTS,
    START_IMAGE,
    USERNAME,
    PASSWORD,
    DATABASE,
    CONTAINER_ENV,
    CONTAINER_COMMAND,
    CONTAINER_PORT,
    HOST_PORT,
    DATA_VOLUME,
    DATA_DIRECTORY,
    START_TIMEOUT,
    /** How long an engine or BuildKit daemon may take to begin answering a request before the plugin gives up. */
    ANSWER_TIMEOUT,
    /** Which BuildKit builds: the engine's, through which door, or a standalone daemon. */
    BUILDER,
    /** buildctl's address of a standalone BuildKit daemon: the builder when {@link #BUILDER} is not set. */
    BUILDKIT_HOST("BUILDKIT_HOST"),
    /** The platforms to build for; several make one image index. */
    PLATFORMS,
    /** Also write the image as an OCI archive. */
    ARCHIVE,
    /** Whether the built image is loaded into the engine's store; false with push: in the registry only. */
    LOAD,
    /** Push as part of the build. */
    PUSH,
    /** The certificate folder for a standalone BuildKit daemon reached over TCP with mutual TLS. */
    BUILDER_CERTIFICATES,
    /** The setup or builder step a build reruns from. */
    REBUILD_FROM,
    /** SLSA provenance attestation: min, max or false. */
    PROVENANCE,
    /** SBOM attestation: false, true (BuildKit's default scanner) or a scanner image. */
    SBOM,
    /** How long a goal waits for another build of the same module to release its output directory. */
    LOCK_TIMEOUT;

    private final String environmentVariable;

    Setting() {
        this(null);
    }

    Setting(String environmentVariable) {
        this.environmentVariable = environmentVariable;
    }

    /** The environment variable that sets (or also sets) this, or null. */
    public String environmentVariable() {
        return environmentVariable;
    }
}
