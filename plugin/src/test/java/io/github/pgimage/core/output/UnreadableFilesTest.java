package io.github.pgimage.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file or folder of the project that cannot be read is named with the reason (Java's file errors carry only the
 * path). Mode 000 stops nobody who runs as root with its usual capabilities, so as root the reading process runs
 * without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH ({@code setpriv}), as an ordinary user's build would.
 */
class UnreadableFilesTest {

    @Test
    void eachUnreadablePlaceIsNamedWithWhy(@TempDir Path dir) throws Exception {
        project(dir.resolve("script"), "setup/scripts/01-install.sh");
        project(dir.resolve("config"), "config/postgresql.conf");
        project(dir.resolve("folder"), "setup/lib");

        Map<String, String> outcomes = probe(dir);

        Path script = dir.resolve("script").toRealPath();
        assertEquals("cannot read " + script.resolve("setup/scripts/01-install.sh") + ": permission denied",
                outcomes.get("script"));
        Path config = dir.resolve("config").toRealPath();
        assertEquals("cannot read " + config.resolve("config/postgresql.conf") + " (context entry config/postgresql.conf)"
                + ": permission denied",
                outcomes.get("config"));
        assertTrue(outcomes.get("folder").contains("setup/lib: cannot be read (permission denied)"), outcomes.get("folder"));
    }

    /** A valid project whose {@code unreadable} path is then made mode 000 (a folder gets a file first). */
    private static void project(Path root, String unreadable) throws Exception {
        write(root.resolve("setup/scripts/01-install.sh"), "#!/bin/sh\necho install\n");
        write(root.resolve("entrypoint.d/scripts/10-run.sh"), "echo run\n");
        write(root.resolve("config/postgresql.conf"), "fsync = off\n");
        write(root.resolve("setup/lib/common.sh"), "say() { echo \"$1\"; }\n");
        Files.setPosixFilePermissions(root.resolve(unreadable), PosixFilePermissions.fromString("---------"));
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static Map<String, String> probe(Path projects) throws Exception {
        List<String> command = new ArrayList<>();
        if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0) {
            command.addAll(List.of("setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), UnreadableFilesProbe.class.getName(), projects.toString()));
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(2, TimeUnit.MINUTES), "the probe did not finish");
        assertEquals(0, probe.exitValue(), output);
        Map<String, String> outcomes = new TreeMap<>();
        for (String line : output.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                outcomes.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return outcomes;
    }
}
