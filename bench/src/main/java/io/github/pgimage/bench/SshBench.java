package io.github.pgimage.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.engine.SshClient;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.imagebuild.ImageBuild;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.progress.ProgressListener;

/**
 * What sharing one ssh login saves an {@code ssh://} engine ({@code ControlMaster=auto}, the plugin's default, against
 * a login per connection): engine requests, one connection each, and a runtime-script edit's build, the two clients
 * taking turns run by run. ssh-bench.sh starts the sshd and passes its address and client configuration.
 *
 * <p>Usage: {@code SshBench ADDRESS SSH_CONFIG WORK_DIR [--runs=N] [--requests=N]}; prints a table of medians (best).
 */
public final class SshBench {

    public static void main(String[] args) throws Exception {
        String address = args[0];
        String sshConfig = args[1];
        Path work = Path.of(args[2]);
        int runs = option(args, "runs", 5);
        int requests = option(args, "requests", 10);
        SshClient alone = new SshClient(List.of("ssh", "-F", sshConfig), null);
        SshClient shared = new SshClient(List.of("ssh", "-F", sshConfig), work.resolve("cm"));
        Path project = BuildBench.warmupProject(work.resolve("project"));
        String image = "pgimage-bench:ssh";

        Map<SshClient, List<Long>> requestMicros = Map.of(alone, new ArrayList<>(), shared, new ArrayList<>());
        Map<SshClient, List<Long>> buildMillis = Map.of(alone, new ArrayList<>(), shared, new ArrayList<>());
        build(alone, address, project, work, image); // warm-up: classes loaded, the steps in the engine's cache
        build(shared, address, project, work, image);
        for (int run = 0; run < runs; run++) {
            for (SshClient ssh : run % 2 == 0 ? List.of(alone, shared) : List.of(shared, alone)) {
                EngineEndpoint endpoint = new EngineLocator(Map.of(), work).withSsh(ssh).locate(address);
                long started = System.nanoTime();
                for (int i = 0; i < requests; i++) {
                    try (EngineGateway engine = EngineGateway.connect(endpoint)) { // GET /version
                        engine.imageId(image); // GET /images/…/json
                    }
                }
                requestMicros.get(ssh).add((System.nanoTime() - started) / 1000 / (2L * requests));
                Files.writeString(project.resolve("entrypoint.d/scripts/10-warm.sh"),
                        "#!/bin/sh\necho warm # " + UUID.randomUUID() + "\n");
                buildMillis.get(ssh).add(build(ssh, address, project, work, image));
            }
        }
        try (EngineGateway engine = EngineGateway.connect(new EngineLocator(Map.of(), work).withSsh(shared)
                .locate(address))) {
            engine.removeImage(image);
        }
        System.out.printf("%-28s %24s %28s%n", "ssh client", "one request, ms", "runtime-edit build, s");
        for (SshClient ssh : List.of(alone, shared)) {
            System.out.printf("%-28s %24s %28s%n", ssh == alone ? "a login per connection" : "one shared login",
                    "%.0f (%.0f)".formatted(median(requestMicros.get(ssh)) / 1000.0, best(requestMicros.get(ssh)) / 1000.0),
                    "%.2f (%.2f)".formatted(median(buildMillis.get(ssh)) / 1000.0, best(buildMillis.get(ssh)) / 1000.0));
        }
        System.out.printf("%d runs, %d requests each; medians, best in brackets%n", runs, 2 * requests);
    }

    private static long build(SshClient ssh, String address, Path project, Path work, String image) throws Exception {
        return ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse(image)))
                .environment(Map.of())
                .dockerHost(address)
                .locator(new EngineLocator(Map.of(), work).withSsh(ssh))
                .build()
                .run(new ImagePlanner().plan(project, ImageSettings.builder().runAsUser("root").aptCache(false).build()),
                        ProgressListener.SILENT)
                .totalMillis();
    }

    private static int option(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 3));
            }
        }
        return fallback;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static long best(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElse(0);
    }
}
