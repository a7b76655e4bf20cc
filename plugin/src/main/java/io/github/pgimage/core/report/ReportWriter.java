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

/**
 * Writes {@code build-report.json} and {@code image.id} into the plugin's output directory, and with
 * {@link #publish} the history entry and {@code build-report.html} besides. Each
 * file is written beside its final name and moved over it, so that a reader (or an interrupted
 * build) never sees half a file.
 *
 * <p>The report is written field by field with jackson-core's generator, in the order and with the omissions that
 * {@link BuildReport}'s annotations declare (a test holds the two to the same bytes): jackson-databind's mapper
 * would load about 500 classes into each fresh Maven JVM to find that out by reflection.
 */
public final class ReportWriter {
    public static final String REPORT_FILE = "build-report.json";
    public static final String IMAGE_ID_FILE = "image.id";

    private static final JsonFactory JSON = new JsonFactory();

    /** Writes both files and returns the report's path. */
    public Path write(Path outputDirectory, BuildReport report) throws IOException {
        Files.createDirectories(outputDirectory);
        Path reportFile = outputDirectory.resolve(REPORT_FILE);
        AtomicFiles.write(reportFile, bytes(report));
        AtomicFiles.write(outputDirectory.resolve(IMAGE_ID_FILE), (report.imageId() + "\n").getBytes(StandardCharsets.UTF_8));
        return reportFile;
    }

    /**
     * Writes the report, and {@code image.id} when the build made an image (a failed build leaves the last one's),
     * records the build in the history and writes the page from the report's JSON and the history.
     *
     * @return the page, {@code build-report.html}
     */
    public Path publish(Path outputDirectory, BuildReport report) throws IOException {
        Files.createDirectories(outputDirectory);
        byte[] json = bytes(report);
        AtomicFiles.write(outputDirectory.resolve(REPORT_FILE), json);
        if (report.imageId() != null) {
            AtomicFiles.write(outputDirectory.resolve(IMAGE_ID_FILE), (report.imageId() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<Map<String, Object>> history = BuildHistory.record(outputDirectory, report);
        Path page = outputDirectory.resolve(BuildReportPage.FILE);
        AtomicFiles.write(page, BuildReportPage.render(JsonTree.object(JsonTree.parse(json)), history)
                .getBytes(StandardCharsets.UTF_8));
        return page;
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
