package io.github.pgimage.core.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.pgimage.core.ImageNotFoundException;
import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.json.JsonTree;

/**
 * What {@code start} and {@code watch} say when the last build pushed its image with {@code load=false}: the engine
 * does not have it, and the plugin never pulls an image to run behind the user's back.
 */
public final class RegistryOnly {
    private RegistryOnly() {
    }

    /**
     * The error for an image the engine lacks: why, when the last build's report says it went to the registry only;
     * else {@code missing} as it is.
     *
     * @param where names the engine, e.g. {@code the engine at unix:///run/docker.sock}
     */
    public static PgImageException explain(ImageNotFoundException missing, Path outputDirectory, String where) {
        Path report = outputDirectory.resolve(ReportWriter.REPORT_FILE);
        if (!Files.isRegularFile(report)) {
            return missing;
        }
        try {
            Map<String, Object> pushed = JsonTree.object(JsonTree.object(JsonTree.parse(report)).get("pushed"));
            if (!Boolean.FALSE.equals(pushed.get("loaded"))) {
                return missing;
            }
            String reference = JsonTree.array(pushed.get("references")).stream().map(JsonTree::text)
                    .filter(java.util.Objects::nonNull).findFirst().orElse("the image");
            return new PgImageException("The last build pushed " + reference + " (" + JsonTree.text(pushed, "digest")
                    + ") with load=false: it is in the registry, not in " + where + ", and start never pulls. Build"
                    + " with load=true (the default) to run it here, or pull it into the engine first (docker pull "
                    + reference + ").", Setting.LOAD, "false", missing);
        } catch (IOException | RuntimeException e) {
            return missing; // a damaged report only costs the explanation
        }
    }
}
