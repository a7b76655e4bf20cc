package io.github.pgimage.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.json.JsonTree;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.report.BuildHistory;
import io.github.pgimage.core.report.BuildReport;
import io.github.pgimage.core.report.BuildReportPage;
import io.github.pgimage.core.report.ReportDetails;
import io.github.pgimage.core.report.ReportWriter;

/**
 * What the report page adds to a build, through the plugin's own code: the page's details ({@link ReportDetails}:
 * the layout scanned again for what {@code .dockerignore} left out, the image's inspection and history and the base
 * image's history from the engine), writing the report with its history entry and page, and, of that, the page
 * alone. The first run is a fresh JVM's (the classes loaded on the way, as in each {@code mvn} invocation), then the
 * median and best of the warm runs, in wall time and in this thread's CPU time (which a loaded machine disturbs less).
 *
 * <p>Usage: {@code ReportBench PROJECT_DIR BUILD_REPORT_JSON WORK_DIR [RUNS]}: the project and the report its last
 * build wrote (its image must be in the engine the environment names); prints one line per phase.
 */
public final class ReportBench {

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]);
        Map<String, Object> recorded = JsonTree.object(JsonTree.parse(Path.of(args[1])));
        Path work = Files.createDirectories(Path.of(args[2]));
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        ImagePlan plan = new ImagePlanner().plan(project, ImageSettings.builder().build());
        BuildReport report = report(recorded);
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        List<long[]> phases = new ArrayList<>();
        List<long[]> cpus = new ArrayList<>();
        BuildReport detailed = report;
        // the build holds its engine connection already: the phases are what the report adds after the build
        try (EngineGateway engine = EngineGateway.connect(EngineLocator.forThisProcess().locate(null))) {
            // read while the engine builds, as a build does: run 0 (the fresh JVM's) waits for what is not read yet
            ReportDetails.Early early = ReportDetails.early(plan, engine);
            for (int run = 0; run <= runs; run++) {
                long cpuStart = cpu.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                detailed = ReportDetails.add(report, plan, engine, early, List.of(), line -> { });
                long added = System.nanoTime();
                long cpuAdded = cpu.getCurrentThreadCpuTime();
                new ReportWriter().write(work, detailed);
                long written = System.nanoTime();
                long cpuWritten = cpu.getCurrentThreadCpuTime();
                BuildReportPage.render(JsonTree.object(JsonTree.parse(work.resolve(ReportWriter.REPORT_FILE))),
                        BuildHistory.read(work));
                long rendered = System.nanoTime();
                long cpuRendered = cpu.getCurrentThreadCpuTime();
                if (detailed.layers() == null) {
                    throw new IllegalStateException("the engine has no image " + report.imageId() + ": build the project first");
                }
                phases.add(new long[] {added - start, written - added, rendered - written});
                cpus.add(new long[] {cpuAdded - cpuStart, cpuWritten - cpuAdded, cpuRendered - cpuWritten});
            }
        }
        String[] names = {"details (rescan, inspect, 2 histories)", "write (JSON, id, history, page)",
                "page alone (read back, render)"};
        // wall time waits for the engine and, on a loaded machine, for a core; CPU time is this thread's own work
        System.out.printf("%-40s %9s %9s %9s %9s %9s%n", "phase", "first", "median", "best", "first", "median");
        System.out.printf("%-40s %9s %9s %9s %9s %9s%n", "", "wall ms", "wall ms", "wall ms", "cpu ms", "cpu ms");
        for (int p = 0; p < names.length; p++) {
            final int phase = p;
            long[] warm = phases.subList(1, phases.size()).stream().mapToLong(t -> t[phase]).sorted().toArray();
            long[] warmCpu = cpus.subList(1, cpus.size()).stream().mapToLong(t -> t[phase]).sorted().toArray();
            System.out.printf("%-40s %9.1f %9.1f %9.1f %9.1f %9.1f%n", names[p], phases.get(0)[p] / 1e6,
                    warm[warm.length / 2] / 1e6, Arrays.stream(warm).min().orElse(0) / 1e6, cpus.get(0)[p] / 1e6,
                    warmCpu[warmCpu.length / 2] / 1e6);
        }
        System.out.printf("page: %d bytes, %d steps, %d layers%n",
                Files.size(work.resolve("build-report.html")), detailed.steps().size(),
                detailed.layers().entries().size());
    }

    /** The parts of a recorded report that the details start from: image, id, steps, how the context was sent. */
    private static BuildReport report(Map<String, Object> json) {
        List<BuildReport.StepEntry> steps = new ArrayList<>();
        for (Object step : JsonTree.array(json.get("steps"))) {
            Map<String, Object> s = JsonTree.object(step);
            steps.add(new BuildReport.StepEntry(JsonTree.text(s, "name"), JsonTree.text(s, "stage"),
                    Boolean.TRUE.equals(s.get("cached")), JsonTree.longValue(s.get("durationMillis"), 0),
                    JsonTree.text(s, "reason")));
        }
        Map<String, Object> context = JsonTree.object(json.get("context"));
        int cached = (int) steps.stream().filter(BuildReport.StepEntry::cached).count();
        return new BuildReport(JsonTree.text(json, "image"), JsonTree.text(json, "imageId"),
                JsonTree.text(json, "contextDigest"), new BuildReport.Engine("docker", "bench", "bench"),
                JsonTree.longValue(json.get("durationMillis"), 0), steps, steps.size(), cached, 0)
                .withContext(new BuildReport.ContextSent(JsonTree.text(context, "transfer"),
                        JsonTree.longValue(context.get("filesListed"), 0), JsonTree.longValue(context.get("filesSent"), 0),
                        JsonTree.longValue(context.get("bytesSent"), 0)));
    }
}
