package io.github.pgimage.core.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.Step;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The content of {@code build-report.json}, in the shape docs/REFERENCE.md documents (fields may be added, never renamed).
 *
 * @param image         the image reference the user asked for
 * @param contextDigest {@code sha256:…} of the context tar that was built
 * @param cacheHitRate  stepsCached / stepsTotal, rounded to three decimals; 0 without steps
 */
@JsonPropertyOrder({"image", "imageId", "contextDigest", "engine", "durationMillis", "steps", "stepsTotal",
        "stepsCached", "cacheHitRate"})
public record BuildReport(String image, String imageId, String contextDigest, Engine engine, long durationMillis,
                          List<StepEntry> steps, int stepsTotal, int stepsCached, double cacheHitRate) {

    @JsonPropertyOrder({"version", "apiVersion"})
    public record Engine(String version, String apiVersion) {
    }

    @JsonPropertyOrder({"name", "stage", "cached", "durationMillis"})
    public record StepEntry(String name, String stage, boolean cached, long durationMillis) {
    }

    public BuildReport {
        steps = List.copyOf(steps);
    }

    public static BuildReport of(String image, String contextDigest, BuildResult result) {
        List<StepEntry> steps = result.steps().stream()
                .map(BuildReport::entry)
                .toList();
        int cached = (int) steps.stream().filter(StepEntry::cached).count();
        return new BuildReport(image, result.imageId(), contextDigest,
                new Engine(result.engine().version(), result.engine().apiVersion()),
                result.durationMillis(), steps, steps.size(), cached, hitRate(cached, steps.size()));
    }

    private static StepEntry entry(Step step) {
        return new StepEntry(step.name(), step.stage(), step.cached(), step.durationMillis());
    }

    static double hitRate(int cached, int total) {
        if (total == 0) {
            return 0;
        }
        return BigDecimal.valueOf(cached).divide(BigDecimal.valueOf(total), 3, RoundingMode.HALF_UP).doubleValue();
    }
}
