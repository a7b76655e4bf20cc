package io.github.pgimage.core.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to write the Dockerfile and the context: the validated project, the user's settings, and the
 * steps split by the cache boundary.
 *
 * @param contextFiles project files that go into the context (relative path to file on disk), after .dockerignore
 * @param dockerignore the project's .dockerignore text, empty when it has none
 * @param warnings     what is allowed but probably not meant (a file that never runs); the caller shows them
 */
public record ImagePlan(Path sourceDirectory, ImageSettings settings, SetupLayer setupLayer,
                        EntrypointLayer entrypointLayer, CacheBoundary cacheBoundary,
                        Map<String, Path> contextFiles, String dockerignore, List<ProjectProblem> warnings) {

    public static final String SETUP_STAGE = "setup";
    public static final String BUILD_STAGE = "build";
    public static final String RUNTIME_STAGE = "runtime";

    public ImagePlan {
        contextFiles = Map.copyOf(contextFiles);
        warnings = List.copyOf(warnings);
    }

    public List<PlannedStep> steps() {
        return cacheBoundary.steps();
    }
}
