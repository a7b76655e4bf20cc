package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.engine.EngineVersion;

import java.util.List;

/**
 * A successful build.
 *
 * @param imageId        {@code sha256:…} of the built image
 * @param tags           the references now pointing at it
 * @param steps          the RUN/COPY/ADD steps in the order the engine reported them
 * @param engine         the engine that built it
 * @param durationMillis wall-clock time of the build, from sending the context to the last tag
 */
public record BuildResult(String imageId, List<String> tags, List<Step> steps, EngineVersion engine,
                          long durationMillis) {
    public BuildResult {
        tags = List.copyOf(tags);
        steps = List.copyOf(steps);
    }

    public long stepsCached() {
        return steps.stream().filter(Step::cached).count();
    }
}
