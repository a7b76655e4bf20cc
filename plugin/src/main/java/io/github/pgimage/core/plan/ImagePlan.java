package io.github.pgimage.core.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to write the Dockerfile and the context: the validated project, the user's settings, and the
 * steps split by the cache boundary.
 *
 * @param contextFiles project files that go into the context (relative path to file on disk), after .dockerignore
 * @param contextLinks symbolic links meant for the image (relative path to the absolute target they name), sent as
 *                     links
 * @param dockerignore the project's .dockerignore text, empty when it has none
 * @param warnings     what is allowed but probably not meant (a file that never runs); the caller shows them
 * @param notes        how the plugin read something that could be read two ways (a {@code 10_postgis.sh} name, a
 *                     link kept as a link); the caller shows them as information
 * @param buildEngine  the builder the Dockerfile is written for; BuildKit until the engine is known
 */
public record ImagePlan(Path sourceDirectory, ImageSettings settings, SetupLayer setupLayer,
                        EntrypointLayer entrypointLayer, CacheBoundary cacheBoundary,
                        Map<String, Path> contextFiles, Map<String, String> contextLinks, String dockerignore,
                        List<ProjectProblem> warnings, List<ProjectNote> notes, BuildEngine buildEngine) {

    public static final String SETUP_STAGE = "setup";
    public static final String BUILD_STAGE = "build";
    public static final String RUNTIME_STAGE = "runtime";

    public ImagePlan {
        contextFiles = Map.copyOf(contextFiles);
        contextLinks = Map.copyOf(contextLinks);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
        java.util.Objects.requireNonNull(buildEngine, "buildEngine");
    }

    /** This plan for another builder (known once the engine answered). */
    public ImagePlan withBuildEngine(BuildEngine engine) {
        return new ImagePlan(sourceDirectory, settings, setupLayer, entrypointLayer, cacheBoundary, contextFiles,
                contextLinks, dockerignore, warnings, notes, engine);
    }

    public List<PlannedStep> steps() {
        return cacheBoundary.steps();
    }

    /**
     * This plan with other rebuild marks (script path to mark): the marks the previous image carries plus a new
     * request's, known only once the engine has been asked. Marks of scripts the plan does not have are dropped.
     */
    public ImagePlan withRebuilt(Map<String, String> marks) {
        Map<String, String> kept = new java.util.LinkedHashMap<>();
        for (SetupScript script : cacheBoundary.scripts()) {
            if (marks.containsKey(script.path())) {
                kept.put(script.path(), marks.get(script.path()));
            }
        }
        CacheBoundary boundary = new CacheBoundary(cacheBoundary.steps(), cacheBoundary.firstVolatileStep(),
                cacheBoundary.invalidation().withRebuilt(kept));
        return new ImagePlan(sourceDirectory, settings, setupLayer, entrypointLayer, boundary, contextFiles,
                contextLinks, dockerignore, warnings, notes, buildEngine);
    }
}
