package io.github.pgimage.core.buildkit;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.output.ImageFiles;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.session.RegistryCredentials;
import io.github.pgimage.core.session.SecretStore;

/**
 * What one build asks of a {@link Builder}: the request as BuildKit takes it, the context as written, and what the
 * build's session may have to serve.
 *
 * @param request         what to build (tags, arguments, platforms, caches, attestations, the build's id)
 * @param context         the Dockerfile and context tar as written into the output directory
 * @param sourceDirectory where the context's files are read when they are sent over file sync
 * @param mtime           the context's file times ({@code SOURCE_DATE_EPOCH}, else 1980-01-01)
 * @param sourceDateEpoch the image's times asked for, or null
 * @param loginsAsked     a pull of the build (base image, cache source) may ask for a registry login: decided from
 *                        the configuration alone, the login itself is looked up only when the engine asks
 * @param inlineCache     write cache metadata into the image
 * @param push            push the references as the image is exported, where the builder can
 * @param load            put the image into the engine's store; false: the registry only (with {@code push})
 * @param archive         also write an OCI archive here, or null
 * @param transfer        how the context reaches the engine's {@code POST /build} (BuildKit's gRPC API always syncs it)
 */
public record BuildJob(BuildRequest request, ImageFiles.ContextOutput context, Path sourceDirectory, Instant mtime,
                       Long sourceDateEpoch, SecretStore secrets, RegistryCredentials logins, boolean loginsAsked,
                       boolean inlineCache, boolean push, boolean load, Path archive, ContextTransfer transfer, ProgressListener listener) {
    public BuildJob {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(transfer, "transfer");
    }

    public List<ImageReference> references() {
        return request.tags();
    }
}
