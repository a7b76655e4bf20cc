package io.github.pgimage.core.buildkit;

import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.image.Platform;
import io.github.pgimage.core.report.BuildReport;

/**
 * Buildah through Podman's Docker-compatible {@code POST /build}: no BuildKit, so no session, cache import or export,
 * attestations, archive or several platforms. Build secrets travel in front of the context tar, as podman-remote
 * sends them ({@link PodmanSecrets}); base images are pulled with Podman's own logins ({@code podman login}).
 */
public final class BuildahBuilder implements Builder {
    private final EngineGateway engine;

    public BuildahBuilder(EngineGateway engine) {
        this.engine = engine;
    }

    @Override
    public BuilderInfo info() {
        return new BuilderInfo(BuilderInfo.Api.BUILD_API, "none", BuilderInfo.Store.PODMAN,
                "Podman " + engine.version().version() + " POST /build", "Podman builds with Buildah");
    }

    @Override
    public Set<Feature> features() {
        return EnumSet.of(Feature.SECRETS);
    }

    @Override
    public List<Platform> platforms() {
        return List.of();
    }

    @Override
    public Built build(BuildJob job) throws EngineException, IOException {
        PodmanSecrets secrets = PodmanSecrets.of(job.secrets());
        BuildRequest request = job.request()
                .toBuilder(() -> secrets.prependTo(Files.newInputStream(job.context().file())))
                .untagged()
                .contextSecrets(secrets.paths())
                .build();
        BuildResult result = new ImageBuilder(engine, job.listener()).build(request);
        return new Built(result.imageId(), result.steps(), new BuildReport.ContextSent("tar", job.context().entries(),
                job.context().entries(), Files.size(job.context().file())), null, null, job.request().platforms(),
                null, null, null, true);
    }

    @Override
    public void close() {
        // the engine's gateway is the caller's
    }
}
