package io.github.pgimage.core.buildkit;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.image.Platform;

/**
 * One door to a builder: BuildKit over its gRPC API (an engine's or a standalone daemon's), BuildKit over the engine's
 * {@code POST /build} (with {@code /session}), or Buildah over Podman's {@code /build}. Each declares what it can do
 * ({@link #features()}); the build's orchestration checks that once before calling {@link #build}, and tags and
 * reports afterwards. Open for one build, or for several (the {@code watch} goal keeps one).
 */
public interface Builder extends AutoCloseable {

    /** Which builder and door, as the report and the log name them. */
    BuilderInfo info();

    Set<Feature> features();

    /** The platforms its workers run, native first; empty when the door does not say ({@code /build}). */
    List<Platform> platforms();

    /**
     * Runs one build. The image lands in the engine's store (untagged: tags move only once every output is written)
     * or, for a standalone daemon with a store of its own, under the job's references there.
     *
     * @throws BuildFailedException    the build ran and failed
     * @throws BuildCancelledException the calling thread was interrupted; the build was cancelled
     * @throws EngineException         the builder could not be talked to
     */
    Built build(BuildJob job) throws EngineException, IOException;

    @Override
    void close();
}
