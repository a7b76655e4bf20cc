package io.github.pgimage.core.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.StepName;
import io.github.pgimage.core.json.JsonTree;

/**
 * {@code build-report.html}: the build report as a page a person reads (a timeline of the steps, the image by layer,
 * the context, the builder, the trend of the last builds). It is made from the report's JSON and the history only,
 * so that the page never says what the report does not; fields it does not know are left out, fields it knows but
 * the report lacks are skipped. One self-contained file: inline CSS and SVG, no script, no font or image from the
 * network, readable as a CI artifact. Every string that comes from the project or the engine (step names, script
 * output, file names) is escaped, and the page's Content-Security-Policy forbids scripts besides.
 */
public final class BuildReportPage {
    public static final String FILE = "build-report.html";

    /** The report's times as {@code Instant} writes them, {@code 2026-12-07T02:52:22.139Z}: read as text. */
    private static final Pattern ISO_TIME = Pattern.compile("(\\d{4})-(\\d\\d)-(\\d\\d)T(\\d\\d):(\\d\\d):(\\d\\d)(\\.\\d+)?Z");
    /** Terminal colour and cursor sequences in script output, which a page cannot show. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
    /** Width of the timeline's and the layers' bars in SVG units (the SVG stretches to its column). */
    private static final int BAR = 1000;
    private static final int LARGEST = 3;

    private final Map<String, Object> report;
    private final List<Map<String, Object>> history;
    private final StringBuilder out = new StringBuilder(32 * 1024);

    private BuildReportPage(Map<String, Object> report, List<Map<String, Object>> history) {
        this.report = report;
        this.history = history;
    }

    /**
     * @param report  the report as {@code build-report.json} holds it, read with {@link JsonTree}
     * @param history the module's last builds, oldest first ({@link BuildHistory}), this one last; may be empty
     */
    public static String render(Map<String, Object> report, List<Map<String, Object>> history) {
        return new BuildReportPage(report, history).page();
    }

    /**
     * Renders and writes a report of nothing, so that a fresh JVM loads and initializes the page's and the report's
     * classes while the engine builds rather than after it ({@link ReportDetails#early}).
     */
    static void warmUp() {
        try {
            byte[] json = ReportWriter.bytes(new BuildReport("warm-up", null, null, null, 0, List.of(), 0, 0, 0));
            render(JsonTree.object(JsonTree.parse(json)), List.of());
        } catch (java.io.IOException | RuntimeException e) {
            // only a head start: the real page is rendered (and fails, if it must) after the build
        }
    }

    private String page() {
        String image = text(report, "image");
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                // nothing runs and nothing loads, whatever a step printed
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"postgres-image-maven-plugin\">\n")
                .append("<title>").append(failed() ? "Build failed: " : "Build report: ").append(esc(image))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        header(image);
        failure();
        timeline();
        layers();
        context();
        builder();
        warnings();
        trend();
        out.append("<footer>Written by postgres-image-maven-plugin from <code>build-report.json</code>")
                .append(" and the last builds in <code>history/</code>.</footer>\n</body>\n</html>\n");
        return out.toString();
    }

    // ---- sections

    private void header(String image) {
        out.append("<header>\n<h1><span class=\"badge ").append(failed() ? "bad\">Failed" : "good\">Built")
                .append("</span> ").append(esc(image)).append("</h1>\n<p class=\"sub\">");
        List<String> facts = new ArrayList<>();
        String finished = text(report, "finishedAt");
        if (finished != null) {
            facts.add("finished " + esc(time(finished)));
        }
        List<String> platforms = strings(report.get("platforms"));
        if (!platforms.isEmpty()) {
            facts.add(esc(String.join(", ", platforms)));
        }
        String imageId = text(report, "imageId");
        if (imageId != null) {
            facts.add("image <code title=\"" + esc(imageId) + "\">" + esc(shortDigest(imageId)) + "</code>");
        }
        out.append(String.join(" · ", facts)).append("</p>\n<div class=\"cards\">\n");
        card("Duration", duration(number(report, "durationMillis")), null);
        long total = number(report, "stepsTotal");
        long cached = number(report, "stepsCached");
        card("Steps cached", cached + " of " + total, percent(total == 0 ? 0 : (double) cached / total) + " hit rate");
        Map<String, Object> layers = JsonTree.object(report.get("layers"));
        if (!layers.isEmpty()) {
            card("Image size", bytes(number(layers, "totalBytes")),
                    "base " + percent(share(number(layers, "baseBytes"), number(layers, "totalBytes"))));
        }
        Map<String, Object> context = JsonTree.object(report.get("context"));
        if (!context.isEmpty()) {
            card("Context sent", bytes(number(context, "bytesSent")),
                    number(context, "filesSent") + " of " + number(context, "filesListed") + " files");
        }
        out.append("</div>\n</header>\n");
    }

    private void card(String label, String value, String note) {
        out.append("<div class=\"card\"><div class=\"label\">").append(esc(label)).append("</div><div class=\"value\">")
                .append(esc(value)).append("</div>");
        if (note != null) {
            out.append("<div class=\"note\">").append(esc(note)).append("</div>");
        }
        out.append("</div>\n");
    }

    private void failure() {
        Map<String, Object> failed = JsonTree.object(report.get("failed"));
        if (failed.isEmpty()) {
            return;
        }
        String step = text(failed, "step");
        out.append("<section id=\"failure\" class=\"failure\">\n<h2>Failed at ")
                .append(step == null ? "an unnamed step" : "<span class=\"step\">" + esc(display(step)) + "</span>")
                .append("</h2>\n<p class=\"error\">").append(esc(text(failed, "error"))).append("</p>\n");
        List<String> output = strings(failed.get("output"));
        if (!output.isEmpty()) {
            out.append("<p>Its last ").append(output.size()).append(output.size() == 1 ? " line" : " lines")
                    .append(" of output:</p>\n<pre class=\"output\">");
            for (String line : output) {
                out.append(esc(line)).append('\n');
            }
            out.append("</pre>\n");
        }
        out.append("</section>\n");
    }

    /** One lane per platform, a row per step; each bar starts where the lane's previous step ended. */
    private void timeline() {
        List<Map<String, Object>> steps = objects(report.get("steps"));
        out.append("<section id=\"timeline\">\n<h2>Steps</h2>\n");
        if (steps.isEmpty()) {
            out.append("<p class=\"muted\">No step ran or came from the cache.</p>\n</section>\n");
            return;
        }
        out.append("<p class=\"legend\"><span class=\"key setup\"></span>setup <span class=\"key build\"></span>builder"
                + " <span class=\"key runtime\"></span>runtime <span class=\"key cached\"></span>cached"
                + " <span class=\"key failed\"></span>failed</p>\n");
        Map<String, List<Map<String, Object>>> lanes = new LinkedHashMap<>();
        for (Map<String, Object> step : steps) {
            String platform = text(step, "platform");
            lanes.computeIfAbsent(platform == null ? "" : platform, k -> new ArrayList<>()).add(step);
        }
        long longestLane = 0;
        for (List<Map<String, Object>> lane : lanes.values()) {
            longestLane = Math.max(longestLane, lane.stream().mapToLong(s -> number(s, "durationMillis")).sum());
        }
        long duration = number(report, "durationMillis");
        long scale = Math.max(1, Math.max(duration, longestLane));
        String failedStep = text(JsonTree.object(report.get("failed")), "step");
        for (Map.Entry<String, List<Map<String, Object>>> lane : lanes.entrySet()) {
            List<Map<String, Object>> own = lane.getValue();
            if (lanes.size() > 1 || !lane.getKey().isEmpty()) {
                long laneCached = own.stream().filter(s -> Boolean.TRUE.equals(s.get("cached"))).count();
                out.append("<h3 class=\"lane\">").append(esc(lane.getKey().isEmpty() ? "no platform" : lane.getKey()))
                        .append(" <span class=\"muted\">").append(laneCached).append(" of ").append(own.size())
                        .append(" cached</span></h3>\n");
            }
            out.append("<table class=\"steps\">\n<colgroup><col class=\"c-name\"><col class=\"c-time\"><col></colgroup>\n");
            long offset = 0;
            for (Map<String, Object> step : own) {
                offset = stepRow(step, offset, scale, failedStep);
            }
            if (lanes.size() == 1 && duration > offset) {
                out.append("<tr class=\"other\"><td class=\"name\">Outside the steps<div class=\"reason\">")
                        .append(failed() ? "sending the context, resolving the base image, stopping the build"
                                : "sending the context, resolving the base image, exporting, tagging")
                        .append("</div></td><td class=\"time\">")
                        .append(esc(duration(duration - offset))).append("</td><td class=\"bar\">");
                bar(offset, duration - offset, scale, "other", null);
                out.append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
        out.append("</section>\n");
    }

    private long stepRow(Map<String, Object> step, long offset, long scale, String failedStep) {
        String name = text(step, "name");
        boolean cached = Boolean.TRUE.equals(step.get("cached"));
        boolean failed = name != null && name.equals(failedStep);
        long millis = number(step, "durationMillis");
        String stage = stageClass(text(step, "stage"));
        String kind = failed ? "failed" : cached ? "cached" : stage;
        out.append("<tr class=\"step ").append(failed ? "failed" : cached ? "cached" : "ran").append("\"><td class=\"name\">")
                .append("<span class=\"step\" title=\"").append(esc(name)).append("\">").append(esc(display(name)))
                .append("</span>");
        String reason = text(step, "reason");
        if (reason != null) {
            out.append("<div class=\"reason\">").append(esc(reason)).append("</div>");
        }
        out.append("</td><td class=\"time\">").append(cached ? "cached" : esc(duration(millis)))
                .append("</td><td class=\"bar\">");
        bar(offset, millis, scale, kind, display(name) + (cached ? ": cached" : ": " + duration(millis)));
        out.append("</td></tr>\n");
        return offset + millis;
    }

    /** A bar from {@code start} for {@code length}, both in the scale's units; at least a sliver, so that it shows. */
    private void bar(long start, long length, long scale, String kind, String label) {
        double x = BAR * (double) start / scale;
        double width = Math.max(3, BAR * (double) length / scale);
        out.append("<svg viewBox=\"0 0 ").append(BAR).append(" 16\" preserveAspectRatio=\"none\" role=\"img\"");
        if (label != null) {
            out.append(" aria-label=\"").append(esc(label)).append('"');
        }
        out.append("><rect class=\"").append(kind).append("\" x=\"").append(fixed(Math.min(x, BAR - width)))
                .append("\" y=\"2\" width=\"").append(fixed(width)).append("\" height=\"12\" rx=\"2\"/></svg>");
    }

    private void layers() {
        out.append("<section id=\"layers\">\n<h2>Image by layer</h2>\n");
        Map<String, Object> layers = JsonTree.object(report.get("layers"));
        if (layers.isEmpty()) {
            out.append("<p class=\"muted\">").append(failed()
                    ? "The build failed: there is no image to measure."
                    : "The engine's image history was not read (a standalone BuildKit keeps the image in its own store)"
                    + " or the engine has none.").append("</p>\n</section>\n");
            return;
        }
        long total = number(layers, "totalBytes");
        long base = number(layers, "baseBytes");
        List<Map<String, Object>> entries = objects(layers.get("entries"));
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("base", base);
        for (Map<String, Object> entry : entries) {
            String stage = text(entry, "stage");
            parts.merge(stage == null ? "other" : stageClass(stage), number(entry, "sizeBytes"), Long::sum);
        }
        String baseImage = text(layers, "baseImage");
        String platform = text(layers, "platform");
        out.append("<p>").append(esc(bytes(total))).append(" in all")
                .append(platform == null ? "" : " (" + esc(platform) + ")").append(": ");
        List<String> shares = new ArrayList<>();
        for (Map.Entry<String, Long> part : parts.entrySet()) {
            String what = part.getKey().equals("base") ? "base image " + (baseImage == null ? "" : baseImage)
                    : part.getKey().equals("build") ? "builder output" : part.getKey();
            shares.add("<span class=\"key " + part.getKey() + "\"></span>" + esc(what.strip()) + " "
                    + esc(bytes(part.getValue())) + " (" + esc(percent(share(part.getValue(), total))) + ")");
        }
        out.append(String.join(", ", shares)).append("</p>\n");
        out.append("<svg class=\"stack\" viewBox=\"0 0 ").append(BAR).append(" 20\" preserveAspectRatio=\"none\" role=\"img\"")
                .append(" aria-label=\"the image's bytes by part\">");
        double x = 0;
        for (Map.Entry<String, Long> part : parts.entrySet()) {
            double width = BAR * share(part.getValue(), total);
            if (width > 0) {
                out.append("<rect class=\"").append(part.getKey()).append("\" x=\"").append(fixed(x))
                        .append("\" y=\"0\" width=\"").append(fixed(width)).append("\" height=\"20\"><title>")
                        .append(esc(part.getKey())).append(' ').append(esc(bytes(part.getValue()))).append("</title></rect>");
            }
            x += width;
        }
        out.append("</svg>\n");
        largest(layers, entries, total);
        out.append("<table class=\"layers\">\n<colgroup><col class=\"c-name\"><col class=\"c-time\"><col></colgroup>\n")
                .append("<tr class=\"base\"><td class=\"name\">base image <span class=\"step\">").append(esc(baseImage))
                .append("</span><div class=\"reason\">").append(number(layers, "baseLayers"))
                .append(number(layers, "baseLayers") == 1 ? " history entry" : " history entries")
                .append("</div></td><td class=\"time\">").append(esc(bytes(base))).append("</td><td class=\"bar\">");
        bar(0, base, Math.max(1, total), "base", null);
        out.append("</td></tr>\n");
        for (Map<String, Object> entry : entries) {
            String step = text(entry, "step");
            String stage = text(entry, "stage");
            long size = number(entry, "sizeBytes");
            out.append("<tr><td class=\"name\"><span class=\"step\">")
                    .append(esc(step != null ? display(step) : text(entry, "createdBy"))).append("</span></td>")
                    .append("<td class=\"time\">").append(esc(bytes(size))).append("</td><td class=\"bar\">");
            bar(0, size, Math.max(1, total), stage == null ? "other" : stageClass(stage), null);
            out.append("</td></tr>\n");
        }
        out.append("</table>\n</section>\n");
    }

    private void largest(Map<String, Object> layers, List<Map<String, Object>> entries, long total) {
        List<Map<String, Object>> all = new ArrayList<>(entries);
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("createdBy", "base image " + text(layers, "baseImage"));
        base.put("sizeBytes", number(layers, "baseBytes"));
        all.add(base);
        all.sort(Comparator.comparingLong((Map<String, Object> e) -> number(e, "sizeBytes")).reversed());
        out.append("<p>Largest:</p>\n<ol class=\"largest\">\n");
        for (Map<String, Object> entry : all.subList(0, Math.min(LARGEST, all.size()))) {
            String step = text(entry, "step");
            out.append("<li><span class=\"step\">").append(esc(step != null ? display(step) : text(entry, "createdBy")))
                    .append("</span>: ").append(esc(bytes(number(entry, "sizeBytes")))).append(" (")
                    .append(esc(percent(share(number(entry, "sizeBytes"), total)))).append(")</li>\n");
        }
        out.append("</ol>\n");
    }

    private void context() {
        Map<String, Object> context = JsonTree.object(report.get("context"));
        out.append("<section id=\"context\">\n<h2>Context</h2>\n");
        String digest = text(report, "contextDigest");
        if (context.isEmpty() && digest == null) {
            out.append("<p class=\"muted\">").append(failed() ? "The report of a failed build does not say how the"
                    + " context was sent." : "The report does not say how the context was sent.")
                    .append("</p>\n</section>\n");
            return;
        }
        out.append("<dl>\n");
        if (context.containsKey("projectFiles")) {
            row("In the context", number(context, "projectFiles") + " project files, "
                    + bytes(number(context, "projectBytes")));
        }
        if (!context.isEmpty()) {
            String transfer = text(context, "transfer");
            row("Sent", "session".equals(transfer)
                    ? "over the session (file sync): the files BuildKit asked for"
                    : "tar".equals(transfer) ? "as a tar in the request: the whole context" : transfer);
            row("Sent this time", number(context, "filesSent") + " of " + number(context, "filesListed") + " files, "
                    + bytes(number(context, "bytesSent")));
        }
        if (digest != null) {
            row("Digest", digest);
        }
        if (context.containsKey("dockerignoredFiles")) {
            long ignored = number(context, "dockerignoredFiles");
            out.append("<dt>.dockerignore left out</dt><dd>");
            if (ignored == 0) {
                out.append("nothing");
            } else {
                List<String> listed = strings(context.get("dockerignored"));
                out.append(ignored).append(ignored == 1 ? " file" : " files").append("<ul class=\"files\">");
                for (String path : listed) {
                    out.append("<li><code>").append(esc(path)).append("</code></li>");
                }
                if (ignored > listed.size()) {
                    out.append("<li class=\"muted\">and ").append(ignored - listed.size()).append(" more</li>");
                }
                out.append("</ul>");
            }
            out.append("</dd>\n");
        }
        out.append("</dl>\n</section>\n");
    }

    private void builder() {
        out.append("<section id=\"builder\">\n<h2>Builder and engine</h2>\n<dl>\n");
        Map<String, Object> builder = JsonTree.object(report.get("builder"));
        if (!builder.isEmpty()) {
            String api = text(builder, "api");
            // the report's words for the API, read back as the API they name
            row("Builder", (BuilderInfo.Api.GRPC.reportName().equals(api) ? "BuildKit's gRPC API"
                    : BuilderInfo.Api.BUILD_API.reportName().equals(api) ? "the engine's POST /build"
                    : String.valueOf(api)) + ", BuildKit " + text(builder, "buildkit") + ", via " + text(builder, "via"));
            String reason = text(builder, "reason");
            if (reason != null) {
                row("Why this builder", reason);
            }
            row("Image store", text(builder, "imageStore"));
        }
        Map<String, Object> engine = JsonTree.object(report.get("engine"));
        if (!engine.isEmpty()) {
            row("Engine", text(engine, "kind") + " " + text(engine, "version") + " (API " + text(engine, "apiVersion") + ")");
        }
        if (builder.isEmpty() && engine.isEmpty()) {
            row("Engine", failed() ? "not recorded for a failed build" : "not recorded");
        }
        Map<String, Object> cache = JsonTree.object(report.get("cache"));
        if (!cache.isEmpty()) {
            list("Cache imported", strings(cache.get("imported")));
            list("Cache exported", strings(cache.get("exported")));
        }
        Map<String, Object> attestations = JsonTree.object(report.get("attestations"));
        if (!attestations.isEmpty()) {
            List<String> made = new ArrayList<>();
            if (text(attestations, "provenance") != null) {
                made.add("provenance (" + text(attestations, "provenance") + ")");
            }
            if (text(attestations, "sbom") != null) {
                made.add("SBOM by " + text(attestations, "sbom"));
            }
            row("Attestations", String.join(", ", made));
        }
        Map<String, Object> pushed = JsonTree.object(report.get("pushed"));
        if (!pushed.isEmpty()) {
            row("Pushed by BuildKit", text(pushed, "digest"));
            list("References", strings(pushed.get("references")));
        }
        out.append("</dl>\n</section>\n");
    }

    private void warnings() {
        List<String> warnings = strings(report.get("warnings"));
        if (warnings.isEmpty()) {
            return;
        }
        out.append("<section id=\"warnings\">\n<h2>Warnings of the plan</h2>\n<ul>\n");
        for (String warning : warnings) {
            out.append("<li>").append(esc(warning)).append("</li>\n");
        }
        out.append("</ul>\n</section>\n");
    }

    /** Duration as bars, the cache hit rate as a line over them; this build last, failed builds marked. */
    private void trend() {
        out.append("<section id=\"trend\">\n<h2>Last builds</h2>\n");
        if (history.isEmpty()) {
            out.append("<p class=\"muted\">No earlier build of this module is recorded.</p>\n</section>\n");
            return;
        }
        int width = 720;
        int height = 160;
        int top = 12;
        int bottom = 24;
        int left = 56;
        int right = 44;
        double plot = height - top - bottom;
        long longest = Math.max(1, history.stream().mapToLong(b -> number(b, "durationMillis")).max().orElse(1));
        // at most as wide as twenty builds make them: one build is one narrow bar, not a wall
        double slot = (double) (width - left - right) / Math.max(history.size(), BuildHistory.KEPT);
        out.append("<svg class=\"trend\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"duration and cache hit rate of the last ").append(history.size())
                .append(" builds\">\n<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(height - bottom)
                .append("\" x2=\"").append(width - right).append("\" y2=\"").append(height - bottom).append("\"/>\n")
                .append("<text class=\"axis-label\" x=\"").append(left - 6).append("\" y=\"").append(top + 4)
                .append("\" text-anchor=\"end\">").append(esc(seconds(longest))).append("</text>\n")
                .append("<text class=\"axis-label\" x=\"").append(left - 6).append("\" y=\"").append(height - bottom)
                .append("\" text-anchor=\"end\">0</text>\n")
                .append("<text class=\"axis-label rate\" x=\"").append(width - right + 6).append("\" y=\"").append(top + 4)
                .append("\">100%</text>\n")
                .append("<text class=\"axis-label rate\" x=\"").append(width - right + 6).append("\" y=\"")
                .append(height - bottom).append("\">0%</text>\n");
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < history.size(); i++) {
            Map<String, Object> build = history.get(i);
            long millis = number(build, "durationMillis");
            double barHeight = Math.max(1, plot * millis / longest);
            double x = left + i * slot + slot * 0.15;
            boolean failedBuild = Boolean.TRUE.equals(build.get("failed"));
            String kind = failedBuild ? "failed" : i == history.size() - 1 ? "current" : "earlier";
            double rate = rate(build);
            out.append("<rect class=\"").append(kind).append("\" x=\"").append(fixed(x)).append("\" y=\"")
                    .append(fixed(height - bottom - barHeight)).append("\" width=\"").append(fixed(slot * 0.7))
                    .append("\" height=\"").append(fixed(barHeight)).append("\"><title>")
                    .append(esc(time(text(build, "finishedAt")))).append(": ").append(esc(duration(millis)))
                    .append(", ").append(esc(percent(rate))).append(" cached").append(failedBuild ? ", failed" : "")
                    .append("</title></rect>\n");
            out.append("<text class=\"bar-label\" x=\"").append(fixed(x + slot * 0.35)).append("\" y=\"")
                    .append(fixed(height - bottom - barHeight - 3)).append("\" text-anchor=\"middle\">")
                    .append(esc(seconds(millis))).append("</text>\n");
            double cx = left + i * slot + slot / 2;
            double cy = top + plot * (1 - rate);
            line.append(line.length() == 0 ? "" : " ").append(fixed(cx)).append(',').append(fixed(cy));
            out.append("<circle class=\"rate\" cx=\"").append(fixed(cx)).append("\" cy=\"").append(fixed(cy))
                    .append("\" r=\"3\"/>\n");
        }
        out.append("<polyline class=\"rate\" points=\"").append(line).append("\"/>\n");
        String first = shortTime(text(history.get(0), "finishedAt"));
        String last = shortTime(text(history.get(history.size() - 1), "finishedAt"));
        out.append("<text class=\"axis-label\" x=\"").append(left).append("\" y=\"").append(height - 6).append("\">")
                .append(esc(first)).append("</text>\n");
        if (history.size() > 1) {
            // under the last bar, but never over the first label
            out.append("<text class=\"axis-label\" x=\"").append(fixed(Math.max(left + history.size() * slot, left + 150)))
                    .append("\" y=\"").append(height - 6).append("\" text-anchor=\"end\">").append(esc(last))
                    .append("</text>\n");
        }
        out.append("</svg>\n");
        out.append("<p class=\"legend\"><span class=\"key current\"></span>this build <span class=\"key earlier\"></span>")
                .append("earlier builds <span class=\"key failed\"></span>failed <span class=\"key rate\"></span>cache hit")
                .append(" rate</p>\n<details><summary>The last ").append(history.size())
                .append(history.size() == 1 ? " build" : " builds").append("</summary>\n<table class=\"history\">\n")
                .append("<tr><th>finished</th><th>duration</th><th>steps cached</th><th>result</th></tr>\n");
        for (int i = history.size() - 1; i >= 0; i--) {
            Map<String, Object> build = history.get(i);
            out.append("<tr><td>").append(esc(time(text(build, "finishedAt")))).append("</td><td>")
                    .append(esc(duration(number(build, "durationMillis")))).append("</td><td>")
                    .append(number(build, "stepsCached")).append(" of ").append(number(build, "stepsTotal")).append(" (")
                    .append(esc(percent(rate(build)))).append(")</td><td>")
                    .append(Boolean.TRUE.equals(build.get("failed")) ? "failed" : "built").append("</td></tr>\n");
        }
        out.append("</table>\n</details>\n</section>\n");
    }

    // ---- pieces

    private void row(String label, String value) {
        out.append("<dt>").append(esc(label)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
    }

    private void list(String label, List<String> values) {
        out.append("<dt>").append(esc(label)).append("</dt><dd>");
        if (values.isEmpty()) {
            out.append("none");
        }
        for (String value : values) {
            out.append("<code class=\"block\">").append(esc(value)).append("</code>");
        }
        out.append("</dd>\n");
    }

    private boolean failed() {
        return report.get("failed") instanceof Map<?, ?>;
    }

    /** A step's name as progress lines show it: without the RUN options that repeat the script. */
    private static String display(String name) {
        return name == null ? "" : StepName.parse(name).map(StepName::display).orElse(name);
    }

    private static String stageClass(String stage) {
        return stage == null ? "other" : switch (stage) {
            case "setup", "build", "runtime" -> stage;
            default -> "other";
        };
    }

    private static double rate(Map<String, Object> build) {
        return build.get("cacheHitRate") instanceof Number n ? n.doubleValue() : 0;
    }

    private static double share(long part, long whole) {
        return whole <= 0 ? 0 : (double) part / whole;
    }

    /**
     * Text for HTML, in an element or an attribute: the five characters that mean markup become references, and
     * what a terminal would interpret (colour sequences, other control characters) goes.
     */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        String plain = CONTROL.matcher(ANSI.matcher(text).replaceAll("")).replaceAll("");
        StringBuilder escaped = new StringBuilder(plain.length() + 16);
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    // Numbers are written by hand: java.util.Formatter's first use costs a fresh JVM more than the page itself.

    static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return decimals(bytes / 1e3, 1) + " kB";
        }
        if (bytes < 1_000_000_000) {
            return decimals(bytes / 1e6, 1) + " MB";
        }
        return decimals(bytes / 1e9, 2) + " GB";
    }

    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return decimals(millis / 1000.0, 1) + " s";
        }
        return millis / 60_000 + " min " + (millis % 60_000) / 1000 + " s";
    }

    /** Short, for the trend's labels: {@code 0.4 s}, {@code 12 s}, {@code 245 s}. */
    static String seconds(long millis) {
        return millis < 10_000 ? decimals(millis / 1000.0, 1) + " s" : Math.round(millis / 1000.0) + " s";
    }

    private static String percent(double share) {
        return share > 0 && share < 0.01 ? "<1%" : Math.round(share * 100) + "%";
    }

    private static String fixed(double value) {
        return decimals(value, 1);
    }

    /** {@code value} rounded half up to {@code places} (1 or 2) decimals, with a point. */
    static String decimals(double value, int places) {
        long scale = places == 1 ? 10 : 100;
        long scaled = Math.round(Math.abs(value) * scale);
        String fraction = Long.toString(scaled % scale);
        return (value < 0 && scaled != 0 ? "-" : "") + scaled / scale + "."
                + "0".repeat(places - fraction.length()) + fraction;
    }

    /**
     * {@code 2026-12-07 02:52:22 UTC}; anything else as it is. Read as text, not with java.time's formatters: their
     * first use loads the locale data, more than the whole page costs a fresh JVM otherwise.
     */
    private static String time(String iso) {
        Matcher m = ISO_TIME.matcher(iso == null ? "" : iso);
        return m.matches() ? m.group(1) + "-" + m.group(2) + "-" + m.group(3) + " " + m.group(4) + ":" + m.group(5)
                + ":" + m.group(6) + " UTC" : iso == null ? "" : iso;
    }

    /** {@code 12-07 02:52}, for the trend's axis. */
    private static String shortTime(String iso) {
        Matcher m = ISO_TIME.matcher(iso == null ? "" : iso);
        return m.matches() ? m.group(2) + "-" + m.group(3) + " " + m.group(4) + ":" + m.group(5) : time(iso);
    }

    private static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
    }

    private static String text(Map<String, Object> object, String field) {
        return JsonTree.text(object, field);
    }

    private static long number(Map<String, Object> object, String field) {
        return JsonTree.longValue(object.get(field), 0);
    }

    private static List<String> strings(Object array) {
        List<String> strings = new ArrayList<>();
        for (Object value : JsonTree.array(array)) {
            String text = JsonTree.text(value);
            if (text != null) {
                strings.add(text);
            }
        }
        return strings;
    }

    private static List<Map<String, Object>> objects(Object array) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object value : JsonTree.array(array)) {
            objects.add(JsonTree.object(value));
        }
        return objects;
    }

    private static final String STYLE = """
            :root { --fg: #1f2328; --muted: #656d76; --bg: #ffffff; --panel: #f6f8fa; --line: #d0d7de;
              --setup: #2f6fdb; --build: #8250df; --runtime: #1a7f37; --base: #8c959f; --other: #bf8700;
              --failed: #cf222e; --cached: #d0d7de; --current: #2f6fdb; --earlier: #9bb7ea; --rate: #bf8700; }
            @media (prefers-color-scheme: dark) {
              :root { --fg: #e6edf3; --muted: #8d96a0; --bg: #0d1117; --panel: #161b22; --line: #30363d;
                --setup: #4c8eea; --build: #a371f7; --runtime: #3fb950; --base: #6e7681; --other: #d29922;
                --failed: #f85149; --cached: #30363d; --current: #4c8eea; --earlier: #2d4b7a; --rate: #d29922; }
            }
            * { box-sizing: border-box; }
            body { margin: 0 auto; max-width: 1180px; padding: 24px; color: var(--fg); background: var(--bg);
              font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            h1 { font-size: 22px; margin: 0 0 4px; word-break: break-all; }
            h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
            h3.lane { font-size: 14px; margin: 14px 0 4px; }
            code, pre, .step { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
              font-size: 12.5px; }
            code.block { display: block; word-break: break-all; }
            .sub, .muted, .reason, .note, .label, footer { color: var(--muted); }
            .badge { display: inline-block; font-size: 13px; padding: 2px 8px; border-radius: 10px; color: #fff;
              vertical-align: middle; }
            .badge.good { background: var(--runtime); } .badge.bad { background: var(--failed); }
            .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0 0; }
            .card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px;
              min-width: 170px; }
            .card .label { font-size: 12px; } .card .value { font-size: 20px; font-weight: 600; }
            .card .note { font-size: 12px; }
            .failure { border: 1px solid var(--failed); border-radius: 6px; padding: 4px 16px 8px; margin-top: 20px; }
            .failure h2 { border: 0; color: var(--failed); }
            .error { font-weight: 600; white-space: pre-wrap; word-break: break-word; }
            pre.output { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px;
              overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
            table { width: 100%; border-collapse: collapse; table-layout: fixed; }
            td, th { padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: top; text-align: left; }
            col.c-name { width: 46%; } col.c-time { width: 90px; }
            td.name { word-break: break-all; } td.time { text-align: right; white-space: nowrap; }
            td.bar svg { width: 100%; height: 16px; display: block; }
            tr.cached .step { color: var(--muted); } tr.failed .step { color: var(--failed); font-weight: 600; }
            .reason { font-size: 12px; word-break: break-word; }
            rect.setup { fill: var(--setup); } rect.build { fill: var(--build); } rect.runtime { fill: var(--runtime); }
            rect.base { fill: var(--base); } rect.other { fill: var(--other); } rect.failed { fill: var(--failed); }
            rect.cached { fill: none; stroke: var(--muted); stroke-width: 1; stroke-dasharray: 2 2; }
            rect.current { fill: var(--current); } rect.earlier { fill: var(--earlier); }
            svg.stack { width: 100%; height: 20px; display: block; margin: 6px 0 10px; border-radius: 3px; }
            svg.trend { width: 100%; max-width: 720px; height: auto; display: block; }
            polyline.rate { fill: none; stroke: var(--rate); stroke-width: 2; } circle.rate { fill: var(--rate); }
            line.axis { stroke: var(--line); } text.axis-label { fill: var(--muted); font-size: 11px; }
            text.bar-label { fill: var(--muted); font-size: 9px; }
            .key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px;
              vertical-align: baseline; }
            .key.setup { background: var(--setup); } .key.build { background: var(--build); }
            .key.runtime { background: var(--runtime); } .key.base { background: var(--base); }
            .key.other { background: var(--other); } .key.failed { background: var(--failed); }
            .key.cached { border: 1px dashed var(--muted); } .key.current { background: var(--current); }
            .key.earlier { background: var(--earlier); } .key.rate { background: var(--rate); height: 3px; }
            .legend { font-size: 12px; color: var(--muted); margin: 4px 0; }
            dl { display: grid; grid-template-columns: 190px 1fr; gap: 4px 12px; margin: 0; }
            dt { color: var(--muted); } dd { margin: 0; word-break: break-word; }
            ul.files { margin: 4px 0 0; padding-left: 18px; }
            ol.largest { margin: 0 0 10px; }
            details summary { cursor: pointer; color: var(--muted); margin: 6px 0; }
            table.history { max-width: 720px; }
            footer { margin-top: 32px; font-size: 12px; }
            """;
}
