package io.github.pgimage.core.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.pgimage.core.json.JsonTree;

/**
 * What the last build's report says BuildKit pushed during the build: the {@code push} goal reads it so that an
 * image the build already pushed (several platforms, or a store the engine cannot push from) is not pushed again.
 *
 * @param imageId    the built image's id, as the report records it
 * @param digest     the digest the registry serves for the references
 * @param references the references pushed
 */
public record PushedByBuild(String imageId, String digest, List<String> references) {
    public PushedByBuild {
        references = List.copyOf(references);
    }

    /** The report's {@code pushed} entry, or empty when the report is missing, unreadable or has none. */
    public static Optional<PushedByBuild> read(Path outputDirectory) {
        Path file = outputDirectory.resolve(ReportWriter.REPORT_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> report = JsonTree.object(JsonTree.parse(file));
            Map<String, Object> pushed = JsonTree.object(report.get("pushed"));
            if (!(pushed.get("digest") instanceof String digest)) {
                return Optional.empty();
            }
            List<String> references = new ArrayList<>();
            for (Object ref : JsonTree.array(pushed.get("references"))) {
                if (JsonTree.text(ref) != null) {
                    references.add(JsonTree.text(ref));
                }
            }
            String imageId = JsonTree.text(report, "imageId");
            return Optional.of(new PushedByBuild(imageId == null ? "" : imageId, digest, references));
        } catch (IOException e) {
            return Optional.empty(); // a damaged report: push as if the build had not pushed
        }
    }

    /**
     * Whether this push would repeat the build's: the same references, and the engine holds no other image under
     * the first (a later build that did not push would have replaced it).
     *
     * @param references    what the goal is asked to push
     * @param engineImageId the engine's image id for the first reference, or empty when it has none (the image
     *                      went to the registry only)
     */
    public boolean covers(List<String> references, Optional<String> engineImageId) {
        return this.references.equals(references) && engineImageId.map(imageId::equals).orElse(true);
    }
}
