package io.github.pgimage.core.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.pgimage.core.files.AtomicFiles;
import io.github.pgimage.core.json.JsonTree;
import io.github.pgimage.core.registry.DigestFile;

/**
 * Writes {@code build-report.json}, {@code image.id} (when the build made an image), the build's entry in
 * {@code history/} and {@code build-report.html} into the plugin's output directory. Each file is written beside its
 * final name and moved over it, so that a reader (or an interrupted build) never sees half a file.
 *
 * <p>The report is written field by field with jackson-core's generator, in the order and with the omissions that
 * {@link BuildReport}'s annotations declare (a test holds the two to the same bytes): jackson-databind's mapper
 * would load about 500 classes into each fresh Maven JVM to find that out by reflection.
 */
public final class ReportWriter {
    public static final String REPORT_FILE = "build-report.json";
    public static final String IMAGE_ID_FILE = "image.id";

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Writes the files and returns the report's path. An {@code image.digest} beside them is removed when the build
     * made an image: it named what an earlier image was pushed as, and a push of this one writes it anew.
     */
    public Path write(Path outputDirectory, BuildReport report) throws IOException {
        Staged staged = stage(outputDirectory, report);
        staged.publish();
        return outputDirectory.resolve(REPORT_FILE);
    }

    /**
     * Writes the files beside their final names, for {@link Staged#publish} to move into place once the image's tags
     * moved: a build that fails on a full disk fails here, before any tag names the new image. A failed build's
     * report (no image) leaves {@code image.id} and {@code image.digest} as they are: they still name the last image.
     * The page is made from the report's JSON and the history with this build in it.
     */
    public Staged stage(Path outputDirectory, BuildReport report) throws IOException {
        Files.createDirectories(outputDirectory);
        Staged staged = new Staged();
        try {
            byte[] json = bytes(report);
            staged.add(outputDirectory.resolve(REPORT_FILE), json);
            if (report.imageId() != null) {
                staged.add(outputDirectory.resolve(IMAGE_ID_FILE), (report.imageId() + "\n").getBytes(StandardCharsets.UTF_8));
                staged.removing(outputDirectory.resolve(DigestFile.NAME));
            }
            BuildHistory.Next history = BuildHistory.next(outputDirectory, report);
            staged.add(history.file(), history.content());
            history.dropped().forEach(staged::removing);
            staged.add(outputDirectory.resolve(BuildReportPage.FILE), BuildReportPage.render(
                    JsonTree.object(JsonTree.parse(json)), history.builds()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            staged.discard();
            throw e;
        }
        return staged;
    }

    /** Files written under temporary names, each to replace its final one. */
    public static final class Staged {
        private final Map<Path, Path> files = new java.util.LinkedHashMap<>();
        private final List<Path> removed = new java.util.ArrayList<>();

        /** Writes {@code content} beside {@code target}, to replace it at {@link #publish}. */
        public void add(Path target, byte[] content) throws IOException {
            Path temp = AtomicFiles.createTemp(target);
            files.put(target, temp);
            Files.write(temp, content);
        }

        /** A file that no longer fits once these are published, removed with {@link #publish}. */
        public void removing(Path stale) {
            removed.add(stale);
        }

        /** Moves every file into place, each in one step (a rename needs no room), and removes the stale ones. */
        public void publish() throws IOException {
            for (Map.Entry<Path, Path> file : files.entrySet()) {
                AtomicFiles.move(file.getValue(), file.getKey());
            }
            files.clear();
            for (Path stale : removed) {
                Files.deleteIfExists(stale);
            }
            removed.clear();
        }

        /** Removes the temporary files: the previous outputs stay as they were. */
        public void discard() {
            for (Path temp : files.values()) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a leftover .tmp file; the next build's clean-up of temporary files removes it
                }
            }
            files.clear();
        }
    }

    /** The report as the file holds it: indented JSON, two spaces a level. */
    static byte[] bytes(BuildReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            write(json, report);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator json, BuildReport r) throws IOException {
        json.writeStartObject();
        json.writeStringField("image", r.image());
        json.writeStringField("imageId", r.imageId());
        json.writeStringField("contextDigest", r.contextDigest());
        if (r.context() != null) {
            BuildReport.ContextSent c = r.context();
            json.writeObjectFieldStart("context");
            json.writeStringField("transfer", c.transfer());
            json.writeNumberField("filesListed", c.filesListed());
            json.writeNumberField("filesSent", c.filesSent());
            json.writeNumberField("bytesSent", c.bytesSent());
            if (c.projectFiles() != null) {
                json.writeNumberField("projectFiles", c.projectFiles());
            }
            if (c.projectBytes() != null) {
                json.writeNumberField("projectBytes", c.projectBytes());
            }
            if (c.dockerignoredFiles() != null) {
                json.writeNumberField("dockerignoredFiles", c.dockerignoredFiles());
            }
            if (c.dockerignored() != null) {
                strings(json, "dockerignored", c.dockerignored());
            }
            json.writeEndObject();
        }
        json.writeFieldName("engine");
        if (r.engine() == null) {
            json.writeNull();
        } else {
            json.writeStartObject();
            json.writeStringField("kind", r.engine().kind());
            json.writeStringField("version", r.engine().version());
            json.writeStringField("apiVersion", r.engine().apiVersion());
            json.writeEndObject();
        }
        if (r.builder() != null) {
            BuildReport.Builder b = r.builder();
            json.writeObjectFieldStart("builder");
            json.writeStringField("api", b.api());
            json.writeStringField("buildkit", b.buildkit());
            json.writeStringField("imageStore", b.imageStore());
            json.writeStringField("via", b.via());
            if (b.reason() != null) {
                json.writeStringField("reason", b.reason());
            }
            json.writeEndObject();
        }
        if (!r.platforms().isEmpty()) {
            strings(json, "platforms", r.platforms());
        }
        json.writeNumberField("durationMillis", r.durationMillis());
        stringUnlessNull(json, "finishedAt", r.finishedAt());
        if (r.failed() != null) {
            json.writeObjectFieldStart("failed");
            json.writeStringField("step", r.failed().step());
            json.writeStringField("error", r.failed().error());
            strings(json, "output", r.failed().output());
            json.writeEndObject();
        }
        json.writeArrayFieldStart("steps");
        for (BuildReport.StepEntry step : r.steps()) {
            json.writeStartObject();
            stringUnlessNull(json, "name", step.name());
            stringUnlessNull(json, "platform", step.platform());
            stringUnlessNull(json, "stage", step.stage());
            json.writeBooleanField("cached", step.cached());
            json.writeNumberField("durationMillis", step.durationMillis());
            stringUnlessNull(json, "reason", step.reason());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("stepsTotal", r.stepsTotal());
        json.writeNumberField("stepsCached", r.stepsCached());
        json.writeNumberField("cacheHitRate", r.cacheHitRate());
        if (!r.platformSteps().isEmpty()) {
            json.writeObjectFieldStart("platformSteps");
            for (Map.Entry<String, BuildReport.PlatformSteps> e : r.platformSteps().entrySet()) {
                json.writeFieldName(e.getKey());
                if (e.getValue() == null) {
                    json.writeNull();
                    continue;
                }
                json.writeStartObject();
                json.writeNumberField("stepsTotal", e.getValue().stepsTotal());
                json.writeNumberField("stepsCached", e.getValue().stepsCached());
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        if (r.cache() != null) {
            json.writeObjectFieldStart("cache");
            strings(json, "imported", r.cache().imported());
            strings(json, "exported", r.cache().exported());
            json.writeEndObject();
        }
        if (r.pushed() != null) {
            json.writeObjectFieldStart("pushed");
            json.writeStringField("digest", r.pushed().digest());
            strings(json, "references", r.pushed().references());
            if (r.pushed().loaded() != null) {
                json.writeBooleanField("loaded", r.pushed().loaded());
            }
            json.writeEndObject();
        }
        if (r.attestations() != null) {
            json.writeObjectFieldStart("attestations");
            stringUnlessNull(json, "provenance", r.attestations().provenance());
            stringUnlessNull(json, "sbom", r.attestations().sbom());
            json.writeEndObject();
        }
        if (r.layers() != null) {
            writeLayers(json, r.layers());
        }
        if (!r.warnings().isEmpty()) {
            strings(json, "warnings", r.warnings());
        }
        strings(json, "cacheArguments", r.cacheArguments());
        strings(json, "inputs", r.inputs());
        json.writeEndObject();
    }

    private static void writeLayers(JsonGenerator json, BuildReport.Layers layers) throws IOException {
        json.writeObjectFieldStart("layers");
        json.writeStringField("source", layers.source());
        stringUnlessNull(json, "platform", layers.platform());
        json.writeNumberField("totalBytes", layers.totalBytes());
        json.writeStringField("baseImage", layers.baseImage());
        json.writeNumberField("baseBytes", layers.baseBytes());
        json.writeNumberField("baseLayers", layers.baseLayers());
        json.writeArrayFieldStart("entries");
        for (BuildReport.Layer layer : layers.entries()) {
            json.writeStartObject();
            stringUnlessNull(json, "step", layer.step());
            stringUnlessNull(json, "stage", layer.stage());
            stringUnlessNull(json, "createdBy", layer.createdBy());
            json.writeNumberField("sizeBytes", layer.sizeBytes());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void stringUnlessNull(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static void strings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static void strings(JsonGenerator json, String field, Map<String, String> values) throws IOException {
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : values.entrySet()) {
            json.writeStringField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
    }
}
