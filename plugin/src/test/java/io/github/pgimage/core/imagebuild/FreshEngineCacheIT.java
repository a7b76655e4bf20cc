package io.github.pgimage.core.imagebuild;

import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A freshly started engine that holds nothing but a base image its build cache has never seen, as on a new CI
 * machine (the dockerd of the engine under test, {@code PGIMAGE_DOCKERD}, with the same image store). Each test
 * builds a project from a base new to the engine, then again with one runtime script edited.
 *
 * <p>Alone on the engine, the second build reruns only the edited step, through either door. Beside a long build
 * that was the first to take the base, engines whose BuildKit is older than v0.32 (Docker Engine before 29.7) rerun
 * every step of it: that build keeps the base's {@code FROM} step without its cache key for as long as it runs, and
 * every build sharing the step finds nothing of its own in the cache (moby/buildkit#4674). That is what made the
 * engine tests beside {@code BuildSessionKeepAliveIT} miss their cache on new machines. A base settled first
 * ({@code .ci/settle-base-image.sh}, which the provisioning scripts run) keeps the cache on every engine.
 */
class FreshEngineCacheIT {
    private static final String EDITED_STEP = "COPY entrypoint.d/scripts/";

    private static Path runner;
    private static String dockerHost;

    @TempDir
    Path work;

    @BeforeAll
    static void startAFreshEngine() throws Exception {
        try (EngineGateway underTest = EngineGateway.connect(EngineLocator.forThisProcess().locate(null))) {
            assumeFalse(underTest.version().isPodman(), "Buildah builds on Podman; this is about BuildKit's cache");
            long started = System.nanoTime();
            runner = Files.createTempDirectory(Path.of("/tmp"), "pgimage-fresh-");
            TwoRunners.script("start-runner-engine.sh", runner.toString(), underTest.endpoint().host().getPath(),
                    underTest.containerdImageStore() ? "containerd" : "classic");
            dockerHost = "unix://" + runner.resolve("docker.sock");
            System.out.printf("fresh engine started with the base in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        }
    }

    @AfterAll
    static void stopIt() throws Exception {
        if (runner != null) {
            TwoRunners.script("stop-runner-engine.sh", runner.toString());
            try (Stream<Path> left = Files.walk(runner)) { // the script leaves its small files (log, pid, config)
                for (Path path : left.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void theSecondBuildRerunsOnlyTheEditedStepThroughEitherDoor() throws Exception {
        String base = newBase("alone"); // the first build through /build is the first to take it
        for (String door : List.of("build-api", "grpc")) {
            Path project = TwoRunners.project(work.resolve(door));
            ImageBuild.Outcome cold = build(project, base, door);
            assertTrue(cold.result().steps().stream().noneMatch(Step::cached), door + ": " + cold.result().steps());

            editRuntimeScript(project);
            assertOnlyTheEditedStepRan(build(project, base, door), door);
        }
    }

    @Test
    void besideALongBuildThatTookTheBaseFirstTheSecondBuildRerunsEverythingOnEnginesBefore29_7() throws Exception {
        String base = newBase("unsettled");
        try (LongBuild beside = LongBuild.start(work.resolve("long"), base)) {
            Path project = TwoRunners.project(work.resolve("project"));
            build(project, base, "build-api");
            editRuntimeScript(project);
            ImageBuild.Outcome second = build(project, base, "build-api");

            String engine = second.result().engine().version();
            if (keepsKeysOfExecutedSteps(engine)) {
                assertOnlyTheEditedStepRan(second, "beside a long build on an unsettled base, engine " + engine);
            } else {
                assertTrue(second.result().steps().stream().noneMatch(Step::cached),
                        "moby/buildkit#4674 on engine " + engine + ": " + second.result().steps());
            }
        }
    }

    @Test
    void besideALongBuildOnASettledBaseTheSecondBuildRerunsOnlyTheEditedStep() throws Exception {
        String base = newBase("settled");
        settle(base);
        try (LongBuild beside = LongBuild.start(work.resolve("long"), base)) {
            Path project = TwoRunners.project(work.resolve("project"));
            build(project, base, "build-api");
            editRuntimeScript(project);

            assertOnlyTheEditedStepRan(build(project, base, "build-api"), "beside a long build on a settled base");
        }
    }

    /**
     * Each test its own base, so that none depends on what another built first: debian:bookworm-slim with one more
     * layer, made without a build.
     */
    private static String newBase(String name) throws Exception {
        String base = "pgimage-it/fresh-base:" + name;
        TwoRunners.script("new-base-image.sh", dockerHost, "debian:bookworm-slim", base);
        return base;
    }

    /** What the provisioning scripts run on every engine they make ready. */
    private static void settle(String base) throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).resolve("../.ci/settle-base-image.sh").normalize();
        assertTrue(Files.isRegularFile(script), "not found: " + script);
        Process process = new ProcessBuilder("bash", script.toString(), dockerHost, base).inheritIO().start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), script + " did not finish within 120 s");
        assertEquals(0, process.exitValue(), script + " failed");
    }

    private static ImageBuild.Outcome build(Path project, String base, String door) throws Exception {
        long started = System.nanoTime();
        String tag = "pgimage-it/fresh-" + project.getParent().getFileName() + ":1";
        ImageBuild.Outcome outcome = ImageBuild.builder(project.resolveSibling("out"), List.of(ImageReference.parse(tag)))
                .environment(Map.of())
                .dockerHost(dockerHost)
                .builder(BuilderSetting.parse(door, null))
                .build()
                .run(TwoRunners.plan(project, base), new LinesListener());
        System.out.printf("%s from %s through %s in %d ms: %d of %d steps cached%n", tag, base, door,
                (System.nanoTime() - started) / 1_000_000, outcome.result().stepsCached(), outcome.result().steps().size());
        return outcome;
    }

    private static void editRuntimeScript(Path project) throws IOException {
        Files.writeString(project.resolve("entrypoint.d/scripts/10-hello.sh"), "#!/bin/sh\necho 'hello, edited'\n");
    }

    private static void assertOnlyTheEditedStepRan(ImageBuild.Outcome build, String context) {
        List<Step> ran = build.result().steps().stream().filter(s -> !s.cached()).toList();
        assertEquals(1, ran.size(), context + ": " + build.result().steps());
        assertTrue(ran.get(0).name().contains(EDITED_STEP), context + ": " + ran);
    }

    /**
     * Whether builds sharing a step that another build executed get its cache keys: since BuildKit v0.32 (its commit
     * "solver: advertise committed cache keys after exec"), first in Docker Engine 29.7.
     */
    static boolean keepsKeysOfExecutedSteps(String engineVersion) {
        Matcher version = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(engineVersion);
        assertTrue(version.find(), "not an engine version: " + engineVersion);
        int major = Integer.parseInt(version.group(1));
        return major > 29 || major == 29 && Integer.parseInt(version.group(2)) >= 7;
    }

    /**
     * Another project's build from the same base, started first and held in its first setup step (a sleep) until
     * closed, which cancels it.
     */
    private record LongBuild(CompletableFuture<Throwable> outcome, Thread[] thread) implements AutoCloseable {

        static LongBuild start(Path work, String base) throws Exception {
            long started = System.nanoTime();
            Path project = TwoRunners.project(work);
            Files.writeString(project.resolve("setup/scripts/01-base.sh"), "#!/bin/sh\necho 'long: waiting'\nsleep 300\n");
            LinesListener lines = new LinesListener();
            Thread[] thread = new Thread[1];
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                thread[0] = Thread.currentThread();
                try {
                    ImageBuild.builder(project.resolveSibling("out"), List.of(ImageReference.parse("pgimage-it/fresh-long:1")))
                            .environment(Map.of())
                            .dockerHost(dockerHost)
                            .builder(BuilderSetting.parse("build-api", null))
                            .build()
                            .run(TwoRunners.plan(project, base), lines);
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            // its setup step started: the FROM step before it is done, taken by this build
            long deadline = started + TimeUnit.SECONDS.toNanos(90);
            while (lines.lines().stream().noneMatch(l -> l.startsWith("[setup ") && l.contains("01-base.sh"))) {
                assertTrue(System.nanoTime() < deadline && !outcome.isDone(), "the long build's step never started: " + lines.all());
                Thread.sleep(100);
            }
            System.out.printf("long build from %s in its step after %d ms%n", base, (System.nanoTime() - started) / 1_000_000);
            return new LongBuild(outcome, thread);
        }

        @Override
        public void close() throws Exception {
            thread[0].interrupt();
            assertNotNull(outcome.get(60, TimeUnit.SECONDS), "the long build ended by itself");
        }
    }
}
