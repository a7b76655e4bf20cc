package io.github.pgimage.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.github.pgimage.core.context.ContextAssembler;
import io.github.pgimage.core.context.ContextEntry;
import io.github.pgimage.core.context.ContextTarWriter;
import io.github.pgimage.core.dockerfile.DockerfileGenerator;
import io.github.pgimage.core.output.ImageFiles;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

/**
 * Context assembly benchmark: for each scenario (many small files, a few large ones) runs the plugin's own path
 * from a source directory to a context tar, as the {@code context} and {@code build} goals do: the
 * {@link ImagePlanner} (its {@code ProjectScanner} walk, the .dockerignore, every validation rule), the Dockerfile,
 * the {@link ContextAssembler}'s entry list, and the tar with its sha256, written either to {@code context.tar}
 * on disk ({@link ImageFiles#writeContext}, the goals' own call) or to a sink that only counts bytes (tar + sha256
 * cost without the disk). Warm-up runs first, then timed runs; prints median and best time, MB/s (10^6 bytes of
 * tar per second, median run), files/s and the heap's peak.
 *
 * <p>Options ({@code --name=value}): {@code work} (data directory, default {@code target/bench-data}),
 * {@code warmup} (2), {@code runs} (5), {@code small-files} (10000), {@code large-files} (4),
 * {@code large-mib} (256), {@code keep} (false: the data is deleted at the end).
 */
public final class ContextBench {

    private enum Sink { FILE, DISCARD }

    private record Scenario(String name, Path root) {
    }

    private record Run(double seconds, long tarBytes, int files) {
    }

    private ContextBench() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        Path work = Path.of(options.getOrDefault("work", "target/bench-data")).toAbsolutePath();
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        int smallFiles = Integer.parseInt(options.getOrDefault("small-files", "10000"));
        int largeFiles = Integer.parseInt(options.getOrDefault("large-files", "4"));
        long largeMib = Long.parseLong(options.getOrDefault("large-mib", "256"));

        System.out.printf(Locale.ROOT, "Java %s on %s %s, %d cores, max heap %d MiB; %d warm-up + %d timed runs%n",
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, warmup, runs);
        deleteTree(work);
        Scenario small = new Scenario(String.format(Locale.ROOT, "%,d small files (1-8 KiB)", smallFiles),
                work.resolve("small"));
        Scenario large = new Scenario(String.format(Locale.ROOT, "%d x %d MiB files", largeFiles, largeMib),
                work.resolve("large"));
        System.out.println("creating the source trees in " + work + " ...");
        BenchTree.smallFiles(small.root(), smallFiles);
        BenchTree.largeFiles(large.root(), largeFiles, largeMib << 20);

        System.out.printf(Locale.ROOT, "%n%-28s %-8s %7s %9s %9s %9s %9s %10s %10s%n", "scenario", "sink", "files",
                "tar MB", "median s", "best s", "MB/s", "files/s", "heap peak");
        try {
            for (Scenario scenario : List.of(small, large)) {
                for (Sink sink : Sink.values()) {
                    measure(scenario, sink, work.resolve("out"), warmup, runs);
                }
            }
        } finally {
            if (!Boolean.parseBoolean(options.getOrDefault("keep", "false"))) {
                deleteTree(work);
            }
        }
    }

    private static void measure(Scenario scenario, Sink sink, Path target, int warmup, int runs) throws IOException {
        for (int i = 0; i < warmup; i++) {
            once(scenario, sink, target);
        }
        resetHeapPeaks();
        List<Run> timed = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            timed.add(once(scenario, sink, target));
        }
        long peakHeap = heapPeaks();
        double[] seconds = timed.stream().mapToDouble(Run::seconds).sorted().toArray();
        double median = seconds[seconds.length / 2];
        Run first = timed.get(0);
        System.out.printf(Locale.ROOT, "%-28s %-8s %7d %9.1f %9.3f %9.3f %9.1f %9.0f %6d MiB%n", scenario.name(),
                sink.name().toLowerCase(Locale.ROOT), first.files(), first.tarBytes() / 1e6, median, seconds[0],
                first.tarBytes() / 1e6 / median, first.files() / median, peakHeap >> 20);
    }

    /** One assembly: plan (scan + .dockerignore + validation) + Dockerfile + entries + tar (+ sha256), timed whole. */
    private static Run once(Scenario scenario, Sink sink, Path outputDirectory) throws IOException {
        long start = System.nanoTime();
        ImagePlan plan = new ImagePlanner().plan(scenario.root(), ImageSettings.builder().build());
        long bytes;
        int files;
        if (sink == Sink.FILE) {
            ImageFiles.ContextOutput written = new ImageFiles(outputDirectory).writeContext(plan, Map.of());
            bytes = Files.size(written.file());
            files = written.entries();
        } else {
            List<ContextEntry> entries = new ContextAssembler().entries(plan, new DockerfileGenerator().generate(plan));
            CountingSink counting = new CountingSink();
            new ContextTarWriter(ContextTarWriter.DEFAULT_MTIME).write(entries, counting);
            bytes = counting.count;
            files = entries.size();
        }
        return new Run((System.nanoTime() - start) / 1e9, bytes, files);
    }

    private static void resetHeapPeaks() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peaks, garbage not yet collected included: an upper bound of the live heap. */
    private static long heapPeaks() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, got " + arg + " in "
                        + Arrays.toString(args));
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static final class CountingSink extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
