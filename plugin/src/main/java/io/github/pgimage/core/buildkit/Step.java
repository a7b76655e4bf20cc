package io.github.pgimage.core.buildkit;

import java.util.List;

/**
 * One Dockerfile instruction that does work (RUN, COPY, ADD), as the build ran it.
 *
 * @param name           the vertex name as BuildKit gave it, e.g. {@code [setup 3/7] RUN …}
 * @param stage          the stage name, or null for an unnamed stage
 * @param cached         true when the engine reused the result instead of running it
 * @param durationMillis how long it ran; 0 when cached or not finished
 * @param error          the engine's error for this step, or null
 * @param output         the last lines of its output (at most 30)
 */
public record Step(String name, String stage, boolean cached, long durationMillis, String error, List<String> output) {
    public Step {
        output = List.copyOf(output);
    }

    /** The platform a build for several platforms ran this step for ({@code linux/arm64}), else null. */
    public String platform() {
        return StepName.parse(name).map(StepName::platform).orElse(null);
    }

    public boolean failed() {
        return error != null;
    }
}
