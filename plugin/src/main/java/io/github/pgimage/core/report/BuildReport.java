package io.github.pgimage.core.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.Step;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of {@code build-report.json}, in the shape docs/REFERENCE.md documents (fields may be added, never renamed).
 *
 * @param image         the image reference the user asked for
 * @param contextDigest {@code sha256:…} of the context tar that was built
 * @param cacheHitRate  stepsCached / stepsTotal, rounded to three decimals; 0 without steps
 * @param inputs        sha256 of every project file a step reads, by path: the next build names the edited ones
 * @param cacheArguments the state of each step's cache rules and rebuild mark, by script path
 */
@JsonPropertyOrder({"image", "imageId", "contextDigest", "engine", "durationMillis", "steps", "stepsTotal",
        "stepsCached", "cacheHitRate", "cacheArguments", "inputs"})
public record BuildReport(String image, String imageId, String contextDigest, Engine engine, long durationMillis,
                          List<StepEntry> steps, int stepsTotal, int stepsCached, double cacheHitRate,
                          Map<String, String> cacheArguments, Map<String, String> inputs) {

    /** @param kind {@code docker} or {@code podman}: what answered, so which builder built (BuildKit or Buildah) */
    @JsonPropertyOrder({"kind", "version", "apiVersion"})
    public record Engine(String kind, String version, String apiVersion) {
    }

    /** @param reason why a step that ran was not cached; absent for cached steps */
    @JsonPropertyOrder({"name", "stage", "cached", "durationMillis", "reason"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepEntry(String name, String stage, boolean cached, long durationMillis, String reason) {
        public StepEntry(String name, String stage, boolean cached, long durationMillis) {
            this(name, stage, cached, durationMillis, null);
        }
    }

    public BuildReport {
        steps = List.copyOf(steps);
        cacheArguments = cacheArguments == null ? Map.of() : new TreeMap<>(cacheArguments);
        inputs = inputs == null ? Map.of() : new TreeMap<>(inputs);
    }

    public BuildReport(String image, String imageId, String contextDigest, Engine engine, long durationMillis,
                       List<StepEntry> steps, int stepsTotal, int stepsCached, double cacheHitRate) {
        this(image, imageId, contextDigest, engine, durationMillis, steps, stepsTotal, stepsCached, cacheHitRate,
                Map.of(), Map.of());
    }

    /** The same report with a reason for each step that ran (same order as the steps) and the state to compare with next time. */
    public BuildReport withCacheHistory(List<String> reasons, Map<String, String> arguments, Map<String, String> files) {
        List<StepEntry> explained = new java.util.ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            StepEntry s = steps.get(i);
            explained.add(new StepEntry(s.name(), s.stage(), s.cached(), s.durationMillis(),
                    s.cached() ? null : reasons.get(i)));
        }
        return new BuildReport(image, imageId, contextDigest, engine, durationMillis, explained, stepsTotal,
                stepsCached, cacheHitRate, arguments, files);
    }

    public static BuildReport of(String image, String contextDigest, BuildResult result) {
        List<StepEntry> steps = result.steps().stream()
                .map(BuildReport::entry)
                .toList();
        int cached = (int) steps.stream().filter(StepEntry::cached).count();
        return new BuildReport(image, result.imageId(), contextDigest,
                new Engine(result.engine().kind().reportName(), result.engine().version(), result.engine().apiVersion()),
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
