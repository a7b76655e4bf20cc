package io.github.pgimage.core.report;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.plan.ImagePlan;

/**
 * What the report says beyond the build's own record, for the page: when the build ended, what the context holds
 * and what {@code .dockerignore} left out, the image by layer (asked of the engine), the plan's warnings. Nothing
 * here fails a build: a layer history the engine cannot give is left out of the report.
 */
public final class ReportDetails {

    private ReportDetails() {
    }

    /**
     * @param engine   the engine that holds the image, or null when none does (a standalone BuildKit's store, a
     *                 failed build)
     * @param warnings the plan's warnings, in words
     * @param debug    where a history the engine could not give is told
     */
    public static BuildReport add(BuildReport report, ImagePlan plan, EngineGateway engine, List<String> warnings,
                                  Consumer<String> debug) {
        BuildReport.Layers layers = null;
        if (engine != null && report.imageId() != null) {
            try {
                layers = ImageLayers.read(engine, report.imageId(), plan.settings().baseImage(), report.steps())
                        .orElse(null);
            } catch (EngineException e) {
                debug.accept("No layer sizes in the report: " + e.getMessage());
            }
        }
        BuildReport withContents = report.context() == null ? report
                : report.withContext(ContextContents.of(report.context(), plan));
        return withContents.withDetails(Instant.now(), layers, warnings);
    }
}
