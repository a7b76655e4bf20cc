package io.github.pgimage.core.imagebuild;

import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the two-runner cache tests share: a project with a builder stage, new to every engine, and the scripts that
 * start and stop the second runner (an engine with an empty data root).
 */
final class TwoRunners {

    private TwoRunners() {
    }

    /** Two setup scripts, a builder script whose output reaches the image, one runtime script. */
    static Path project(Path work) throws IOException {
        Path root = work.resolve("project");
        String run = UUID.randomUUID().toString(); // content no engine has seen: only the cache can supply hits
        write(root, "setup/scripts/01-base.sh", "#!/bin/sh\nset -e\necho '01: base " + run + "'\nmkdir -p /opt/app\n");
        write(root, "setup/scripts/02-users.sh", "#!/bin/sh\nset -e\necho users > /opt/app/users\n");
        write(root, "setup/build/01-compile.sh", "#!/bin/sh\nset -e\nmkdir -p /opt/pgimage/out/opt/app\n"
                + "echo 'compiled " + run + "' > /opt/pgimage/out/opt/app/compiled\n");
        write(root, "entrypoint.d/scripts/10-hello.sh", "#!/bin/sh\necho hello\n");
        return root;
    }

    static ImagePlan plan(Path project) {
        return plan(project, ImageSettings.DEFAULT_BASE_IMAGE);
    }

    static ImagePlan plan(Path project, String baseImage) {
        return new ImagePlanner().plan(project,
                ImageSettings.builder().baseImage(baseImage).runAsUser("root").aptCache(false).build());
    }

    /**
     * Runs one of the scripts beside this class ({@code start-runner-engine.sh}, {@code stop-runner-engine.sh},
     * {@code new-base-image.sh}).
     */
    static void script(String script, String... args) throws Exception {
        Path path = Path.of(TwoRunners.class.getResource(script).toURI());
        List<String> command = new ArrayList<>(List.of("bash", path.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(script + " did not finish within 180 s");
        }
        assertEquals(0, process.exitValue(), script + " failed");
    }

    private static void write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        file.toFile().setExecutable(path.endsWith(".sh"));
    }
}
