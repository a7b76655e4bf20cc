package io.github.pgimage.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.pgimage.core.files.AtomicFiles;

/**
 * Writes {@code build-report.json} and {@code image.id} into the plugin's output directory. Each
 * file is written beside its final name and moved over it, so that a reader (or an interrupted
 * build) never sees half a file.
 */
public final class ReportWriter {
    public static final String REPORT_FILE = "build-report.json";
    public static final String IMAGE_ID_FILE = "image.id";

    /** One mapper for the JVM: it keeps the serializers it built, which the build and the goal's rewrite share. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectMapper json = JSON;

    /**
     * Builds the report's serializers now (reflection over the report's records): a caller with a thread to spare
     * does it while the build runs, so that writing the report afterwards costs only the writing.
     */
    public static void prepare() {
        JSON.writerFor(BuildReport.class);
    }

    /** Writes both files and returns the report's path. */
    public Path write(Path outputDirectory, BuildReport report) throws IOException {
        Files.createDirectories(outputDirectory);
        Path reportFile = outputDirectory.resolve(REPORT_FILE);
        AtomicFiles.write(reportFile, json.writeValueAsBytes(report));
        AtomicFiles.write(outputDirectory.resolve(IMAGE_ID_FILE), (report.imageId() + "\n").getBytes(StandardCharsets.UTF_8));
        return reportFile;
    }
}
