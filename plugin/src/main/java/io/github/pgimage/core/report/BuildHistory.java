package io.github.pgimage.core.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.pgimage.core.json.JsonTree;

/**
 * The last builds of a module, kept in {@code history/} beside the report so that the page can draw their trend
 * (duration, cache hit rate): one small JSON file per build, {@code build-<epoch millis>-<nn>.json}, each a summary of
 * that build's report, written with the report ({@link ReportWriter#stage}). Bounded: the oldest go once there are
 * more than {@link #KEPT}. {@code mvn clean} starts over.
 */
public final class BuildHistory {
    public static final String DIRECTORY = "history";
    /** How many builds the history keeps. */
    public static final int KEPT = 20;

    private static final String PREFIX = "build-";
    private static final String SUFFIX = ".json";

    private BuildHistory() {
    }

    /**
     * The history with the build the report describes: its entry (to write), the oldest entries beyond
     * {@link #KEPT} (to remove), and the builds then kept, oldest first, this one last.
     *
     * @param file    where the build's entry goes
     * @param content the entry
     * @param dropped the entries that go with it
     * @param builds  the builds kept once it is written, oldest first, this one last
     */
    public record Next(Path file, byte[] content, List<Path> dropped, List<Map<String, Object>> builds) {
    }

    /** See {@link Next}; the history's folder is made when missing. */
    public static Next next(Path outputDirectory, BuildReport report) throws IOException {
        Path directory = outputDirectory.resolve(DIRECTORY);
        Files.createDirectories(directory);
        // named by when it was recorded, so that the names sort as the builds ran
        String millis = Long.toString(System.currentTimeMillis());
        Path file = null;
        for (int i = 0; file == null || Files.exists(file); i++) { // two builds in the same millisecond: a count
            file = directory.resolve(PREFIX + "0".repeat(Math.max(0, 13 - millis.length())) + millis + "-"
                    + (i < 10 ? "0" : "") + i + SUFFIX);
        }
        Map<String, Object> summary = summary(report);
        List<Path> files = files(directory);
        List<Path> dropped = files.subList(0, Math.max(0, files.size() + 1 - KEPT));
        List<Map<String, Object>> builds = new ArrayList<>();
        for (Path kept : files.subList(dropped.size(), files.size())) {
            Map<String, Object> build = entry(kept);
            if (!build.isEmpty()) {
                builds.add(build);
            }
        }
        builds.add(summary);
        return new Next(file, JsonTree.write(summary).getBytes(StandardCharsets.UTF_8), List.copyOf(dropped), builds);
    }

    /** The builds kept, oldest first; a damaged entry is left out (it only costs a point of the trend). */
    public static List<Map<String, Object>> read(Path outputDirectory) throws IOException {
        Path directory = outputDirectory.resolve(DIRECTORY);
        List<Map<String, Object>> builds = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return builds;
        }
        for (Path file : files(directory)) {
            Map<String, Object> build = entry(file);
            if (!build.isEmpty()) {
                builds.add(build);
            }
        }
        return builds;
    }

    /** One entry; empty when it cannot be read (it only costs a point of the trend). */
    private static Map<String, Object> entry(Path file) {
        try {
            return JsonTree.object(JsonTree.parse(file));
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** What the trend shows of a build: when, how long, how much came from the cache, and whether it failed. */
    static Map<String, Object> summary(BuildReport report) {
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("finishedAt", report.finishedAt());
        build.put("imageId", report.imageId());
        build.put("durationMillis", report.durationMillis());
        build.put("stepsTotal", report.stepsTotal());
        build.put("stepsCached", report.stepsCached());
        build.put("cacheHitRate", report.cacheHitRate());
        build.put("failed", report.failed() != null);
        return build;
    }

    /** The history's files, oldest first (their names sort by time). */
    private static List<Path> files(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            entries.forEach(files::add);
        }
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return files;
    }
}
