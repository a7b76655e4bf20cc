package io.github.pgimage.core.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.dockerfile.DockerfileGenerator;
import io.github.pgimage.core.plan.FileMode;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

/**
 * Each file keeps the checkout's mode in the context, as {@code docker build} sends it (a fragment at 0644 stays
 * 0644, so a docker-library-style entrypoint that tests {@code -x} sources it); a declared mode overrides; the
 * project's entrypoint.sh, which the image's ENTRYPOINT runs, gets the executable bits its read bits allow.
 */
class ContextAssemblerTest {

    @TempDir
    Path project;

    @BeforeEach
    void posix() throws IOException {
        assumeTrue(Files.getFileStore(project).supportsFileAttributeView("posix"), "modes need a POSIX file system");
    }

    @Test
    void eachFileKeepsItsOwnModeAndADeclaredOneOverrides() throws IOException {
        write("setup/scripts/01-install.sh", "#!/bin/sh\necho install\n", "rw-r--r--");
        write("entrypoint.sh", "#!/bin/sh\nexec \"$@\"\n", "rw-r--r--");
        write("entrypoint.d/scripts/10-env.sh", "export A=1\n", "rw-r--r--");
        write("entrypoint.d/scripts/20-check.sh", "#!/bin/sh\ntrue\n", "rwxr-xr-x");
        write("entrypoint.d/lib/shared.sh", "f() { :; }\n", "rw-rw-r--");
        write("config/server.key", "key\n", "rw-------");
        write("config/pgpass", "*:*:*:app:x\n", "rw-r--r--");

        ImagePlan plan = new ImagePlanner().plan(project, ImageSettings.builder()
                .fileModes(List.of(new FileMode("config/pgpass", "0600", null))).build());
        Map<String, String> modes = new LinkedHashMap<>();
        for (ContextEntry entry : new ContextAssembler().entries(plan, new DockerfileGenerator().generate(plan))) {
            modes.put(entry.path(), Integer.toOctalString(entry.mode()));
        }

        assertEquals(Map.of(
                "Dockerfile", "644",
                "config/server.key", "600",
                "entrypoint.d/lib/shared.sh", "664",
                "entrypoint.d/scripts/10-env.sh", "644",
                "entrypoint.d/scripts/20-check.sh", "755",
                "entrypoint.sh", "755",
                "pgimage-private/config/pgpass", "600",
                "setup/scripts/01-install.sh", "644"), modes);
    }

    @Test
    void theEntrypointGetsTheExecutableBitsItsReadBitsAllow() {
        assertEquals(0755, ContextAssembler.executable(0644));
        assertEquals(0700, ContextAssembler.executable(0600));
        assertEquals(0750, ContextAssembler.executable(0640));
        assertEquals(0775, ContextAssembler.executable(0775));
    }

    private void write(String relative, String content, String permissions) throws IOException {
        Path file = project.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }
}
