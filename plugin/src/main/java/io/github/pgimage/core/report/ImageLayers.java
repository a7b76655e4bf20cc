package io.github.pgimage.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.ImageHistory;
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
    /** The comment of an entry BuildKit's exporter added for a layer the history did not describe. */
    private static final String PADDING = "buildkit.exporter.image.v0";

    private ImageLayers() {
    }

    /**
     * Reads the built image's history and the base image's from the engine.
     *
     * @return the layers, or empty when the engine has no history of the image
     */
    public static Optional<BuildReport.Layers> read(EngineGateway engine, String imageId, String baseImage,
                                                    List<BuildReport.StepEntry> steps) throws EngineException {
        return read(engine, imageId, () -> engine.imageHistory(baseImage).entries(), baseImage, steps);
    }

    /** @param baseHistory the base image's history, asked only when the image has one (perhaps read already) */
    public static Optional<BuildReport.Layers> read(EngineGateway engine, String imageId,
                                                    Supplier<List<ImageHistoryEntry>> baseHistory, String baseImage,
                                                    List<BuildReport.StepEntry> steps) throws EngineException {
        ImageHistory history = engine.imageHistory(imageId);
        if (history.entries().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(of(history, baseHistory.get(), baseImage, steps));
    }

    /**
     * @param image       the built image's history, oldest first, and the platform it describes
     * @param baseHistory the base image's, oldest first; empty when the engine does not have it under its name
     */
    static BuildReport.Layers of(ImageHistory image, List<ImageHistoryEntry> baseHistory, String baseImage,
                                 List<BuildReport.StepEntry> steps) {
        List<ImageHistoryEntry> history = new ArrayList<>();
        List<Long> padded = new ArrayList<>();
        for (ImageHistoryEntry entry : image.entries()) {
            if (entry.comment().equals(PADDING)) {
                padded.add(entry.sizeBytes());
            } else {
                history.add(entry);
            }
        }
        // the layers in order: those the entries describe, then those BuildKit added entries for
        List<Long> layerSizes = new ArrayList<>();
        history.stream().filter(e -> e.sizeBytes() > 0).forEach(e -> layerSizes.add(e.sizeBytes()));
        layerSizes.addAll(padded);
        long unrecorded = layerSizes.subList(0, padded.size()).stream().mapToLong(Long::longValue).sum();
        history = realigned(history, layerSizes, padded.size());
        int base = baseEntries(history, baseHistory);
        long total = unrecorded;
        long baseBytes = unrecorded;
        for (int i = 0; i < history.size(); i++) {
            total += history.get(i).sizeBytes();
            if (i < base) {
                baseBytes += history.get(i).sizeBytes();
            }
        }
        List<BuildReport.StepEntry> candidates = imageSteps(steps, image.platform());
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
        return new BuildReport.Layers(SOURCE, image.platform(), total, baseImage, baseBytes, base + padded.size(),
                layers);
    }

    /**
     * BuildKit's exporter gives a layer the image's history does not describe (a base image without history) an
     * entry of its own at the end, and the entries that are there describe the layers in order: each then carries
     * the size of a layer before its own. The layers without history are taken to be the oldest, the base image's:
     * each entry gets its own layer's size back.
     *
     * @param layerSizes every layer's size, in order
     * @param unrecorded how many of the first layers no entry describes
     */
    private static List<ImageHistoryEntry> realigned(List<ImageHistoryEntry> history, List<Long> layerSizes,
                                                     int unrecorded) {
        if (unrecorded == 0) {
            return history;
        }
        List<ImageHistoryEntry> moved = new ArrayList<>();
        int layer = unrecorded;
        for (ImageHistoryEntry entry : history) {
            moved.add(entry.sizeBytes() > 0
                    ? new ImageHistoryEntry(entry.createdBy(), layerSizes.get(layer++), entry.comment()) : entry);
        }
        return moved;
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
     * The steps whose layers are in the image: the setup and runtime stages' (the builder stage is thrown away); in
     * a build for several platforms those of the platform the history describes, else each instruction once.
     */
    private static List<BuildReport.StepEntry> imageSteps(List<BuildReport.StepEntry> steps, String platform) {
        List<BuildReport.StepEntry> kept = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        boolean ofPlatform = platform != null && steps.stream().anyMatch(s -> platform.equals(s.platform()));
        for (BuildReport.StepEntry step : steps) {
            String instruction = stepInstruction(step.name());
            boolean wanted = ofPlatform ? step.platform() == null || platform.equals(step.platform())
                    : !seen.contains(instruction);
            if (!ImagePlan.BUILD_STAGE.equals(step.stage()) && wanted) {
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
