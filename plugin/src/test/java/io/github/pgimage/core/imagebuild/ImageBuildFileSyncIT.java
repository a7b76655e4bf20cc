package io.github.pgimage.core.imagebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.github.pgimage.core.buildkit.ContextTransfer;
import io.github.pgimage.maven.ProgressText;
import io.github.pgimage.core.progress.ProgressEvent;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.session.RegistryCredentials;
import io.github.pgimage.core.session.SecretStore;
import io.github.pgimage.core.session.filesync.FileSyncActivity.SentFile;

/**
 * The build goal's own path with the context served over the session (engine A: {@code POST /build} with
 * {@code remote=client-session}): a generated Dockerfile, bind-mounted setup scripts, COPY steps, a config file
 * that is a symbolic link inside the project. Counts what the engine asked for.
 */
class ImageBuildFileSyncIT {

    @TempDir
    Path work;

    @Test
    void anEditSendsOneFileAndRerunsOneStepANoOpSendsNothing() throws Exception {
        Path project = project();
        String image = "pgimage-it-i12fs/session-context:latest";

        ImageBuild.Outcome cold = build(project, image, ContextTransfer.SESSION, new Lines());
        assertTrue(cold.result().steps().stream().noneMatch(Step::cached), cold.result().steps().toString());
        long files = Files.readString(work.resolve("out/Dockerfile")).isEmpty() ? 0 : contextFiles();
        assertEquals(files, cold.built().contextSync().totals().filesListed());
        assertEquals(files, distinctFiles(cold.built().contextSync().sentFiles()).size());

        Files.writeString(project.resolve("entrypoint.d/scripts/20-twenty.sh"), "#!/bin/sh\necho twenty, edited\n");
        Lines lines = new Lines();
        ImageBuild.Outcome edited = build(project, image, ContextTransfer.SESSION, lines);

        List<Step> rerun = edited.result().steps().stream().filter(s -> !s.cached()).toList();
        assertEquals(1, rerun.size(), edited.result().steps().toString());
        assertTrue(rerun.get(0).name().contains("COPY entrypoint.d/scripts/"), rerun.toString());
        assertEquals(List.of(new SentFile("context", "entrypoint.d/scripts/20-twenty.sh", 30)),
                contextOnly(edited.built().contextSync().sentFiles()));
        long[] dockerfile = dockerfileSent(edited.built().contextSync().sentFiles());
        assertTrue(lines.all.contains("Context: " + edited.built().contextSync().totals().describe()), lines.all.toString());
        JsonNode context = new ObjectMapper().readTree(work.resolve("out/build-report.json").toFile()).get("context");
        assertEquals("session", context.get("transfer").asText());
        assertEquals(files, context.get("filesListed").asLong());
        assertEquals(1 + dockerfile[0], context.get("filesSent").asLong());
        assertEquals(30 + dockerfile[1], context.get("bytesSent").asLong());

        ImageBuild.Outcome noop = build(project, image, ContextTransfer.SESSION, new Lines());
        assertTrue(noop.result().steps().stream().allMatch(Step::cached), noop.result().steps().toString());
        assertEquals(List.of(), contextOnly(noop.built().contextSync().sentFiles()));
    }

    @Test
    void aSymlinkedConfigIsServedAsTheFileItPointsToAndItsTargetsEditsAreSent() throws Exception {
        Path project = project();
        String image = "pgimage-it-i12fs/session-symlink:latest";
        build(project, image, ContextTransfer.SESSION, new Lines());

        Files.writeString(project.resolve("shared/postgresql.conf"), "shared_buffers = 256MB\n");
        ImageBuild.Outcome edited = build(project, image, ContextTransfer.SESSION, new Lines());

        // config/ is the first COPY: it reruns, and the COPY steps after it with it
        List<Step> rerun = edited.result().steps().stream().filter(s -> !s.cached()).toList();
        assertTrue(rerun.get(0).name().endsWith("] COPY config/ /opt/pgimage/config/"), rerun.toString());
        assertTrue(edited.result().steps().stream().filter(s -> s.name().contains("] RUN ")).allMatch(Step::cached));
        assertEquals(List.of(new SentFile("context", "config/postgresql.conf", 23)), contextOnly(edited.built().contextSync().sentFiles()));
        assertEquals("shared_buffers = 256MB\n", docker("run", "--rm", "-u", "0", "--entrypoint", "cat",
                edited.result().imageId(), "/opt/pgimage/config/postgresql.conf") + "\n");
    }

    @Test
    void theSessionContextGivesTheImageTheSameFilesAsTheTar() throws Exception {
        Path project = project();
        ImageBuild.Outcome tar = build(project, "pgimage-it-i12fs/layers-tar:latest", ContextTransfer.TAR, new Lines(), true);
        ImageBuild.Outcome session = build(project, "pgimage-it-i12fs/layers-session:latest", ContextTransfer.SESSION,
                new Lines(), true);
        assertNull(tar.built().contextSync());
        assertNotNull(session.built().contextSync());
        // the report of the last build (the session's) says so; a tar build reports the whole tar as sent
        assertEquals("session", new ObjectMapper().readTree(work.resolve("out/build-report.json").toFile())
                .get("context").get("transfer").asText());

        // Both built without cache: the copied files have the same content, size, mode, owner and mtime (in whole
        // seconds; a layer keeps no more, the session's sub-second content stamp shows only in the local store)
        String files = "find /opt/pgimage -type f | sort | xargs stat -c '%n %s %a %u %g %Y' && "
                + "find /opt/pgimage -type f | sort | xargs md5sum";
        String fromTar = docker("run", "--rm", "-u", "0", "--entrypoint", "sh", tar.result().imageId(), "-c", files);
        String fromSession = docker("run", "--rm", "-u", "0", "--entrypoint", "sh", session.result().imageId(), "-c", files);
        assertTrue(fromTar.contains("/opt/pgimage/config/postgresql.conf 23 644 0 0 315532800"), fromTar);
        assertEquals(fromTar, fromSession);
    }

    /**
     * A link meant for the image ({@code config/os-release -> /etc/os-release}) arrives as a link through either
     * door (a symlink entry in the tar, a symlink stat over file sync) and resolves in the image; a runtime script the
     * checkout keeps at 0644 stays 0644.
     */
    @Test
    void aLinkForTheImageArrivesAsALinkThroughEitherDoor() throws Exception {
        Path project = project();
        Files.createSymbolicLink(project.resolve("config/os-release"), Path.of("/etc/os-release"));
        String look = "readlink /opt/pgimage/config/os-release && grep -c '^ID=debian' /opt/pgimage/config/os-release"
                + " && stat -c %a /opt/pgimage/entrypoint.d/scripts/10-ten.sh";
        for (ContextTransfer transfer : List.of(ContextTransfer.TAR, ContextTransfer.SESSION)) {
            ImageBuild.Outcome outcome = build(project, "pgimage-it-i12fs/link-" + transfer.name().toLowerCase()
                    + ":latest", transfer, new Lines(), false);
            assertEquals("/etc/os-release\n1\n644", docker("run", "--rm", "-u", "0", "--entrypoint", "sh",
                    outcome.result().imageId(), "-c", look), transfer.name());
        }
    }

    private ImageBuild.Outcome build(Path project, String image, ContextTransfer transfer, Lines lines) throws Exception {
        return build(project, image, transfer, lines, false);
    }

    private ImageBuild.Outcome build(Path project, String image, ContextTransfer transfer, Lines lines, boolean noCache)
            throws Exception {
        var plan = new ImagePlanner().plan(project, ImageSettings.builder().aptCache(false).healthcheck(false).build());
        // the engine's /build door: how it takes the context is what these tests are about
        return ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse(image)))
                .noCache(noCache)
                .environment(Map.of())
                .builder(BuilderSetting.parse("build-api", null))
                .contextTransfer(transfer)
                .build()
                .run(plan, lines);
    }

    /** A small project: two quick setup scripts and a lib, a config that is a symlink, two runtime scripts. */
    private Path project() throws IOException {
        Path project = work.resolve("project");
        write(project, "setup/lib/common.sh", "say() { echo \"$@\"; }\n");
        write(project, "setup/scripts/01-one.sh", "#!/bin/sh\n. /opt/pgimage/setup/lib/common.sh\nsay one "
                + UUID.randomUUID() + "\n");
        write(project, "setup/scripts/02-two.sh", "#!/bin/sh\necho two > /tmp/two\n");
        write(project, "shared/postgresql.conf", "shared_buffers = 128MB\n");
        Files.createDirectories(project.resolve("config"));
        Files.createSymbolicLink(project.resolve("config/postgresql.conf"), Path.of("../shared/postgresql.conf"));
        write(project, "config/pg_hba.conf", "local all all trust\n");
        write(project, "entrypoint.d/scripts/10-ten.sh", "#!/bin/sh\necho ten\n");
        write(project, "entrypoint.d/scripts/20-twenty.sh", "#!/bin/sh\necho twenty\n");
        return project;
    }

    /** What context.tar holds besides directories: the plan's files, the Dockerfile and the default entrypoint. */
    private long contextFiles() throws IOException, InterruptedException {
        Process tar = new ProcessBuilder("tar", "-tf", work.resolve("out/context.tar").toString()).start();
        List<String> names = new ArrayList<>(List.of(new String(tar.getInputStream().readAllBytes()).split("\n")));
        assertEquals(0, tar.waitFor());
        return names.stream().filter(n -> !n.isBlank() && !n.endsWith("/")).count();
    }

    private static String docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    private static void write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static final class Lines implements ProgressListener {
        final List<String> all = new CopyOnWriteArrayList<>();

        @Override
        public void on(ProgressEvent event) {
            ProgressEvent.Level level = ProgressText.level(event);
            if (level == ProgressEvent.Level.DEBUG) {
                return;
            }
            String line = (level == ProgressEvent.Level.INFO ? "" : level + " ") + ProgressText.of(event);
            all.add(line);
            System.out.println("[build] " + line);
        }
    }

    /**
     * Every file sent once, whichever directory asked for it: Engine 20.10's BuildKit takes the Dockerfile with the
     * context, newer ones only through the {@code dockerfile} directory.
     */
    private static java.util.Map<String, Long> distinctFiles(List<SentFile> sent) {
        java.util.Map<String, Long> files = new java.util.TreeMap<>();
        sent.forEach(f -> files.put(f.path(), f.bytes()));
        return files;
    }

    /**
     * The files sent of the {@code context} directory. BuildKit since v0.10 fetches the one-file {@code dockerfile}
     * directory whole on every build (it does not diff it); Engine 20.10's BuildKit diffs it like the context.
     */
    private static List<SentFile> contextOnly(List<SentFile> sent) {
        return sent.stream().filter(f -> f.directory().equals("context")).toList();
    }

    /** Files and bytes of the {@code dockerfile} directory that were sent (see {@link #contextOnly}). */
    private static long[] dockerfileSent(List<SentFile> sent) {
        List<SentFile> dockerfile = sent.stream().filter(f -> f.directory().equals("dockerfile")).toList();
        return new long[]{dockerfile.size(), dockerfile.stream().mapToLong(SentFile::bytes).sum()};
    }
}
