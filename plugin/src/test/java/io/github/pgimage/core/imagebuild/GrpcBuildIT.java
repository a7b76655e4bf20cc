package io.github.pgimage.core.imagebuild;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.maven.ProgressText;
import io.github.pgimage.core.progress.ProgressEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pgimage.core.buildkit.BuildCancelledException;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.buildkit.StepName;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.TestEngine;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.session.RegistryCredentials;
import io.github.pgimage.core.session.SecretStore;
import io.github.pgimage.core.session.filesync.FileSyncActivity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole builds through BuildKit's gRPC API ({@code builder=grpc}) on the engine this machine provides, the
 * context and the Dockerfile served over the session's file sync. Fails (never skips) when no engine answers.
 */
class GrpcBuildIT {
    private static final String COPY_SCRIPTS = "[runtime 3/3] COPY entrypoint.d/scripts/ /opt/pgimage/entrypoint.d/scripts/";

    private static EngineGateway engine;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() throws EngineException {
        engine = TestEngine.shared();
    }

    @Test
    void coldBuildThenARuntimeEditRerunsOneStepAndSyncsOnlyTheEditedFile() throws Exception {
        Path project = project();
        String tag = "pgimage-it/i12grpc-runtime-edit:latest";

        ImageBuild.Outcome cold = build(project, tag, line -> { });

        assertEquals(BuilderInfo.Api.GRPC, cold.builder().api());
        assertEquals(Optional.of(cold.result().imageId()), engine.imageId(tag));
        assertTrue(cold.result().steps().stream().noneMatch(Step::cached), cold.result().steps().toString());
        JsonNode report = new ObjectMapper().readTree(work.resolve("out/build-report.json").toFile());
        assertEquals("grpc", report.at("/builder/api").asText());
        assertEquals(cold.builder().imageStore().reportName(), report.at("/builder/imageStore").asText());
        assertEquals(cold.result().steps().size(), report.get("stepsTotal").asInt());

        String edited = "#!/bin/sh\necho \"20: configuring, edited " + UUID.randomUUID() + "\"\n";
        Files.writeString(project.resolve("entrypoint.d/scripts/20-configure.sh"), edited);
        ImageBuild.Outcome second = build(project, tag, line -> { });

        List<Step> rebuilt = second.result().steps().stream().filter(s -> !s.cached()).toList();
        assertEquals(List.of(COPY_SCRIPTS), displayNames(rebuilt), second.result().steps().toString());
        // Of the context only the edited file travels. (Newer BuildKit also fetches the one-file "dockerfile"
        // directory again on every build; Engine 20.10's does not.)
        List<FileSyncActivity.SentFile> sent = second.built().contextSync().sentFiles();
        List<FileSyncActivity.SentFile> context = sent.stream().filter(f -> f.directory().equals("context")).toList();
        assertEquals(List.of("entrypoint.d/scripts/20-configure.sh"),
                context.stream().map(FileSyncActivity.SentFile::path).toList(), sent.toString());
        assertEquals(edited.getBytes(StandardCharsets.UTF_8).length,
                context.stream().mapToLong(FileSyncActivity.SentFile::bytes).sum(), sent.toString());
        assertTrue(sent.stream().allMatch(f -> f.directory().equals("context") || f.path().equals("Dockerfile")), sent.toString());
        assertNotEquals(cold.result().imageId(), second.result().imageId());
        assertEquals(Optional.of(second.result().imageId()), engine.imageId(tag));
    }

    @Test
    void editingSetupScript03KeepsSteps01And02Cached() throws Exception {
        Path project = project();
        String tag = "pgimage-it/i12grpc-setup-edit:latest";
        build(project, tag, line -> { });

        Files.writeString(project.resolve("setup/scripts/03-install-postgresql.sh"),
                Files.readString(project.resolve("setup/scripts/03-install-postgresql.sh")) + "echo '03: one more line'\n");
        ImageBuild.Outcome edited = build(project, tag, line -> { });

        List<Step> steps = edited.result().steps();
        List<String> setup = displayNames(steps.stream().filter(s -> s.stage().equals("setup")).toList());
        assertEquals(3, setup.size(), steps.toString());
        assertEquals(List.of(true, true, false),
                steps.stream().filter(s -> s.stage().equals("setup")).map(Step::cached).toList(), steps.toString());
        assertTrue(steps.get(2).output().contains("03: one more line"), steps.get(2).output().toString());
    }

    @Test
    void aFailingStepFailsTheBuildWithItsOutputAndKeepsTheOldTag() throws Exception {
        Path project = project();
        String tag = "pgimage-it/i12grpc-failing:latest";
        ImageBuild.Outcome good = build(project, tag, line -> { });

        Files.writeString(project.resolve("setup/scripts/03-install-postgresql.sh"),
                "#!/bin/sh\necho '03: E: Unable to locate package postgresql-99'\nexit 100\n");
        BuildFailedException e = assertThrows(BuildFailedException.class, () -> build(project, tag, line -> { }));

        assertTrue(e.getMessage().startsWith("The image build failed at [setup 4/4] RUN"), e.getMessage());
        assertTrue(e.getMessage().contains("03: E: Unable to locate package postgresql-99"), e.getMessage());
        assertEquals(Optional.of(good.result().imageId()), engine.imageId(tag));
    }

    @Test
    void interruptingTheBuildCancelsTheSolve() throws Exception {
        Path project = project();
        Files.writeString(project.resolve("setup/scripts/02-users.sh"), "#!/bin/sh\necho '02: waiting'\nsleep 118\n");
        String tag = "pgimage-it/i12grpc-cancelled:latest";
        CountDownLatch sleeping = new CountDownLatch(1);
        Thread[] builder = new Thread[1];
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            builder[0] = Thread.currentThread();
            try {
                build(project, tag, line -> {
                    if (line.contains("02-users.sh") && !line.contains("CACHED") && !line.contains("DONE")) {
                        sleeping.countDown();
                    }
                });
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        assertTrue(sleeping.await(90, TimeUnit.SECONDS), "step 02 never started");
        assertTrue(waitFor(GrpcBuildIT::sleepRunning, 15), "the step's sleep never showed up as a process");

        long interruptedAt = System.nanoTime();
        builder[0].interrupt();
        Throwable thrown = outcome.get(60, TimeUnit.SECONDS);

        assertInstanceOf(BuildCancelledException.class, thrown);
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - interruptedAt) < 30);
        assertTrue(waitFor(() -> !sleepRunning(), 20), "BuildKit still runs the cancelled step");
        assertEquals(Optional.empty(), engine.imageId(tag));
    }

    /** A plugin project (three setup scripts, two runtime scripts, a config file) whose first step is new to the cache. */
    private Path project() throws IOException {
        Path root = work.resolve("project");
        write(root, "setup/scripts/01-base.sh", "#!/bin/sh\nset -e\necho \"01: base " + UUID.randomUUID() + "\"\nmkdir -p /opt/app\n");
        write(root, "setup/scripts/02-users.sh", "#!/bin/sh\nset -e\necho '02: users'\necho users > /opt/app/02.txt\n");
        write(root, "setup/scripts/03-install-postgresql.sh", "#!/bin/sh\nset -e\necho '03: installing'\nsleep 1\n");
        write(root, "config/postgresql.conf", "listen_addresses = '*'\n");
        write(root, "entrypoint.d/scripts/10-check.sh", "#!/bin/sh\necho 10: check\n");
        write(root, "entrypoint.d/scripts/20-configure.sh", "#!/bin/sh\necho 20: configuring\n");
        return root;
    }

    private static void write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        if (path.endsWith(".sh")) {
            file.toFile().setExecutable(true);
        }
    }

    private ImageBuild.Outcome build(Path project, String tag, Consumer<String> lines) throws Exception {
        ImagePlan plan = new ImagePlanner().plan(project, ImageSettings.builder().runAsUser("root").aptCache(false).build());
        return ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse(tag)))
                .environment(Map.of())
                .builder(BuilderSetting.parse("grpc", null))
                .build()
                .run(plan, new Lines(lines));
    }

    private static List<String> displayNames(List<Step> steps) {
        return steps.stream().map(s -> StepName.parse(s.name()).orElseThrow().display()).toList();
    }

    /** Every line the build logs goes to {@code sink} as well as to the test's output. */
    private record Lines(Consumer<String> sink) implements ProgressListener {
        @Override
        public void on(ProgressEvent event) {
            ProgressEvent.Level level = ProgressText.level(event);
            if (level != ProgressEvent.Level.DEBUG) {
                System.out.println(level + " " + ProgressText.of(event));
            }
            if (level == ProgressEvent.Level.INFO) {
                sink.accept(ProgressText.of(event));
            }
        }
    }

    private static boolean sleepRunning() {
        return ProcessHandle.allProcesses().anyMatch(p -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).equals("sleep\u0000118\u0000");
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }
}
