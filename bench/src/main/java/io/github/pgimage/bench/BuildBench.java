package io.github.pgimage.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.pgimage.core.imagebuild.ImageBuild;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

/**
 * The plugin's own build time in a warm JVM (as in a long-lived Maven daemon or a multi-module build, where
 * docker-java and friends are already loaded and compiled): the same {@link ImageBuild} the build goal runs,
 * after warm-up builds of a small throwaway project. Scenarios and edits are those of build-bench.sh.
 *
 * <p>Usage: {@code BuildBench PROJECT_COPY WORK_DIR}; prints {@code warm <scenario> <seconds>} lines.
 */
public final class BuildBench {

    private static final List<String> SCENARIOS = List.of("cold", "no-op", "runtime", "config", "setup");

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]);
        Path work = Path.of(args[1]);
        ImageBuild warm = build(work, "pgimage-bench:warmup");
        ImageBuild build = build(work, "pgimage-bench:warm");

        Path warmup = warmupProject(work.resolve("warmup"));
        for (int i = 0; i < 5; i++) {
            run(warm, warmup);
        }
        for (String scenario : SCENARIOS) {
            switch (scenario) {
                case "cold" -> prune();
                case "runtime" -> edit(last(project.resolve("entrypoint.d/scripts")));
                case "config" -> edit(firstFile(project.resolve("config")));
                case "setup" -> edit(third(project.resolve("setup/scripts")));
                default -> { }
            }
            long millis = run(build, project);
            System.out.printf("warm %s %.2f%n", scenario, millis / 1000.0);
        }
    }

    private static ImageBuild build(Path work, String image) {
        return ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse(image)))
                .environment(Map.of())
                .build();
    }

    private static long run(ImageBuild build, Path project) throws Exception {
        var plan = new ImagePlanner().plan(project, ImageSettings.builder().build());
        return build.run(plan, ProgressListener.SILENT).totalMillis();
    }

    /**
     * One quick setup step and a runtime script ({@code entrypoint.d/scripts/10-warm.sh}): enough to load and compile
     * every class a build uses.
     */
    static Path warmupProject(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("setup/scripts"));
        Files.createDirectories(dir.resolve("entrypoint.d/scripts"));
        Files.writeString(dir.resolve("setup/scripts/01-warm.sh"), "#!/bin/sh\necho warm\n");
        Files.writeString(dir.resolve("entrypoint.d/scripts/10-warm.sh"), "#!/bin/sh\necho warm\n");
        return dir;
    }

    private static void prune() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/docker", "builder", "prune", "-af").inheritIO()
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException("docker builder prune failed");
        }
    }

    private static void edit(Path file) throws IOException {
        Files.writeString(file, "\n# bench " + System.nanoTime() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static Path last(Path dir) throws IOException {
        List<Path> scripts = sorted(dir);
        return scripts.get(scripts.size() - 1);
    }

    private static Path third(Path dir) throws IOException {
        List<Path> scripts = sorted(dir);
        return scripts.get(Math.min(2, scripts.size() - 1));
    }

    private static Path firstFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
        }
    }

    private static List<Path> sorted(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".sh")).sorted().toList();
        }
    }
}
