package io.github.pgimage.core.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.github.pgimage.core.dockerfile.DockerfileGenerator;
import io.github.pgimage.core.json.JsonTree;
import io.github.pgimage.core.plan.CacheHistory;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.SetupScript;

/**
 * Puts into a build's report why each step that ran was not cached, as the plan's {@code CacheBoundary} explains
 * it, together with the state the next build compares with. Engine steps are matched to planned steps by their
 * instruction text, which is how BuildKit names them.
 */
public final class RerunReasons {

    private RerunReasons() {
    }

    /** The state an earlier report kept, or null when there is none (first build, {@code mvn clean}, an older report). */
    public static CacheHistory previous(Path reportFile) {
        if (!Files.isRegularFile(reportFile)) {
            return null;
        }
        try {
            Map<String, Object> report = JsonTree.object(JsonTree.parse(reportFile));
            // every build reads at least one setup script: no inputs is no state (a failed first build's report)
            if (JsonTree.object(report.get("inputs")).isEmpty()) {
                return null;
            }
            return new CacheHistory(JsonTree.strings(report.get("cacheArguments")), JsonTree.strings(report.get("inputs")));
        } catch (IOException e) {
            return null; // a damaged report only costs the comparison
        }
    }

    /**
     * @param rebuildFrom the script this build was asked to rebuild from, or null
     * @return the report with reasons and this build's state
     */
    public static BuildReport explain(ImagePlan plan, BuildReport report, CacheHistory previous, CacheHistory current,
                                      boolean noCache, SetupScript rebuildFrom) {
        return report.withCacheHistory(reasons(plan, report, previous, current, noCache, rebuildFrom),
                current.arguments(), current.files());
    }

    /**
     * The reasons of the steps a failed build ran. The state kept is the previous one: the next build compares with
     * the last build that finished, as it would had the failed one not been reported.
     */
    public static BuildReport explainFailure(ImagePlan plan, BuildReport report, CacheHistory previous,
                                             boolean noCache, SetupScript rebuildFrom) {
        List<String> reasons = reasons(plan, report, previous, CacheHistory.of(plan), noCache, rebuildFrom);
        return previous == null ? report.withCacheHistory(reasons, Map.of(), Map.of())
                : report.withCacheHistory(reasons, previous.arguments(), previous.files());
    }

    private static List<String> reasons(ImagePlan plan, BuildReport report, CacheHistory previous,
                                        CacheHistory current, boolean noCache, SetupScript rebuildFrom) {
        Map<String, Integer> byInstruction = new HashMap<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            byInstruction.put(normalize(DockerfileGenerator.instruction(plan.steps().get(i), plan)), i);
        }
        List<Integer> planIndex = new ArrayList<>();
        TreeSet<Integer> ran = new TreeSet<>();
        for (BuildReport.StepEntry step : report.steps()) {
            String name = step.name();
            Integer index = byInstruction.get(normalize(name.substring(name.indexOf("] ") + 2)));
            planIndex.add(index);
            if (index != null && !step.cached()) {
                ran.add(index);
            }
        }
        Map<Integer, String> reasons = plan.cacheBoundary().reasons(ran, previous, current, noCache, rebuildFrom);
        List<String> perStep = new ArrayList<>();
        for (int i = 0; i < report.steps().size(); i++) {
            Integer index = planIndex.get(i);
            perStep.add(index == null ? (noCache ? "noCache" : "not a planned step") : reasons.get(index));
        }
        return perStep;
    }

    private static String normalize(String instruction) {
        return instruction.replace("\\\n", " ").replaceAll("\\s+", " ").strip();
    }
}
