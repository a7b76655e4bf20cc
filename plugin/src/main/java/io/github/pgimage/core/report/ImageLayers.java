package io.github.pgimage.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.ImageHistoryEntry;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ProjectLayout;

/**
 * The image by layer, for the report: the engine's image history split into the base image's entries and the
 * layers this build added, each matched to the step that made it. A history entry records its instruction the way
 * the builder wrote it ({@code RUN /bin/sh -c /opt/pgimage/setup/scripts/03-x.sh # buildkit} for BuildKit,
 * {@code /bin/sh -c #(nop) COPY dir:… in /opt/pgimage/config/} for Buildah), without the mounts and flags the step's
 * name carries, so a layer is matched to a step by its instruction word and its last word (the script run, or
 * where the copy went), in order.
 */
public final class ImageLayers {
    static final String SOURCE = "engine history";
    /** The setup stage's first instruction, which the plugin's Dockerfile always has: the base image ends before it. */
    private static final String FIRST_OWN_ENTRY = "ENV PGIMAGE_HOME=" + ProjectLayout.IMAGE_HOME;

    private ImageLayers() {
    }

    /**
     * Reads the built image's history and the base image's from the engine.
     *
     * @return the layers, or empty when the engine has no history of the image
     */
    public static Optional<BuildReport.Layers> read(EngineGateway engine, String imageId, String baseImage,
                                                    List<BuildReport.StepEntry> steps) throws EngineException {
        List<ImageHistoryEntry> history = engine.imageHistory(imageId);
        if (history.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(of(history, engine.imageHistory(baseImage), baseImage, steps));
    }

    /**
     * @param history     the built image's history, oldest first
     * @param baseHistory the base image's, oldest first; empty when the engine does not have it under its name
     */
    static BuildReport.Layers of(List<ImageHistoryEntry> history, List<ImageHistoryEntry> baseHistory, String baseImage,
                                 List<BuildReport.StepEntry> steps) {
        int base = baseEntries(history, baseHistory);
        long total = 0;
        long baseBytes = 0;
        for (int i = 0; i < history.size(); i++) {
            total += history.get(i).sizeBytes();
            if (i < base) {
                baseBytes += history.get(i).sizeBytes();
            }
        }
        List<BuildReport.StepEntry> candidates = imageSteps(steps);
        List<BuildReport.Layer> layers = new ArrayList<>();
        int next = 0;
        for (ImageHistoryEntry entry : history.subList(base, history.size())) {
            int matched = -1;
            for (int j = next; j < candidates.size() && matched < 0; j++) {
                if (matches(entry.createdBy(), candidates.get(j).name())) {
                    matched = j;
                }
            }
            if (matched >= 0) {
                BuildReport.StepEntry step = candidates.get(matched);
                layers.add(new BuildReport.Layer(step.name(), step.stage(), instruction(entry.createdBy()),
                        entry.sizeBytes()));
                next = matched + 1;
            } else if (entry.sizeBytes() > 0) {
                layers.add(new BuildReport.Layer(null, null, instruction(entry.createdBy()), entry.sizeBytes()));
            }
        }
        return new BuildReport.Layers(SOURCE, total, baseImage, baseBytes, base, layers);
    }

    /**
     * How many of the oldest entries are the base image's: its own history when the engine has it and the image
     * starts with it, else everything before the plugin's first instruction.
     */
    private static int baseEntries(List<ImageHistoryEntry> history, List<ImageHistoryEntry> baseHistory) {
        if (!baseHistory.isEmpty() && baseHistory.size() <= history.size()) {
            boolean prefix = true;
            for (int i = 0; i < baseHistory.size() && prefix; i++) {
                prefix = baseHistory.get(i).createdBy().equals(history.get(i).createdBy())
                        && baseHistory.get(i).sizeBytes() == history.get(i).sizeBytes();
            }
            if (prefix) {
                return baseHistory.size();
            }
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).createdBy().contains(FIRST_OWN_ENTRY)) {
                return i;
            }
        }
        return 0;
    }

    /**
     * The steps whose layers are in the image: the setup and runtime stages' (the builder stage is thrown away), each
     * instruction once (a build for several platforms names each step once per platform; the history is one
     * platform's).
     */
    private static List<BuildReport.StepEntry> imageSteps(List<BuildReport.StepEntry> steps) {
        List<BuildReport.StepEntry> kept = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (BuildReport.StepEntry step : steps) {
            String instruction = stepInstruction(step.name());
            if (!ImagePlan.BUILD_STAGE.equals(step.stage()) && !seen.contains(instruction)) {
                seen.add(instruction);
                kept.add(step);
            }
        }
        return kept;
    }

    /** The same instruction word and the same last word (the script a RUN runs, where a COPY copies to). */
    static boolean matches(String createdBy, String stepName) {
        String instruction = instruction(createdBy);
        List<String> entry = words(instruction);
        List<String> step = words(stepInstruction(stepName));
        if (entry.isEmpty() || step.isEmpty()) {
            return false;
        }
        String keyword = step.get(0).toUpperCase(Locale.ROOT);
        boolean sameKeyword = entry.get(0).toUpperCase(Locale.ROOT).equals(keyword)
                // Buildah records a RUN as its shell command alone, after the build arguments it saw ("|1 A=b")
                || (keyword.equals("RUN") && instruction.contains("/bin/sh -c "));
        return sameKeyword && entry.get(entry.size() - 1).equals(step.get(step.size() - 1));
    }

    /** The history's instruction without the builder's decorations ({@code # buildkit}, {@code /bin/sh -c #(nop)}). */
    static String instruction(String createdBy) {
        String text = createdBy.strip();
        if (text.endsWith("# buildkit")) {
            text = text.substring(0, text.length() - "# buildkit".length()).strip();
        }
        int nop = text.indexOf("#(nop)");
        if (nop >= 0) {
            text = text.substring(nop + "#(nop)".length()).strip();
        }
        return text;
    }

    /** A step's instruction without its {@code [stage i/n]} prefix. */
    private static String stepInstruction(String stepName) {
        return stepName.substring(stepName.indexOf("] ") + 2);
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
    }
}
