package io.github.pgimage.core.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated default entrypoint, run for real (no engine: a temp dir stands in for {@code /opt/pgimage}) with
 * bash and with the system's sh: scripts run in numeric order, a script without a shebang is sourced (its variables
 * reach the scripts after it and the command), one with a shebang is executed in its own process.
 */
class DefaultEntrypointTest {

    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"bash", "sh"})
    void sourcesFragmentsExecutesScriptsInNumericOrderThenExecsTheCommand(String shell) throws Exception {
        Path scripts = Files.createDirectories(home.resolve("entrypoint.d/scripts"));
        Path trace = home.resolve("trace");
        // No shebang: sourced. Its plain (not exported) variable must be visible to the next sourced fragment.
        write(scripts.resolve("2-env.sh"), "GREETING='hello from 2'\nexport EXPORTED='exported by 2'\n", false);
        write(scripts.resolve("3-use.sh"), "echo \"3 sees: $GREETING\" >> \"$TRACE\"\n", false);
        // A shebang: executed, in its own process ($0 is the script), with only exported variables.
        write(scripts.resolve("10-exec.sh"), "#!/bin/sh\necho \"10 runs as ${0##*/}, sees: ${GREETING:-nothing}, "
                + "$EXPORTED\" >> \"$TRACE\"\n", true);
        // Text order would run 10 before 2 and 3; a data file is never run.
        write(scripts.resolve("notes.sql"), "SELECT 1;\n", false);
        Path entrypoint = home.resolve("entrypoint.sh");
        Files.write(entrypoint, DefaultEntrypoint.content());

        ProcessBuilder pb = new ProcessBuilder(shell, entrypoint.toString(), "sh", "-c",
                "echo \"command sees: $EXPORTED\" >> \"$TRACE\"");
        pb.environment().put("PGIMAGE_HOME", home.toString());
        pb.environment().put("TRACE", trace.toString());
        pb.redirectErrorStream(true);
        Process process = pb.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "entrypoint did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);

        assertEquals(List.of(
                "3 sees: hello from 2",
                "10 runs as 10-exec.sh, sees: nothing, exported by 2",
                "command sees: exported by 2"), Files.readAllLines(trace));
        assertEquals("entrypoint: sourcing 2-env.sh\nentrypoint: sourcing 3-use.sh\nentrypoint: running 10-exec.sh\n",
                output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "sh"})
    void stopsAtTheFirstScriptThatFails(String shell) throws Exception {
        Path scripts = Files.createDirectories(home.resolve("entrypoint.d/scripts"));
        write(scripts.resolve("1-fail.sh"), "false\n", false);
        write(scripts.resolve("2-never.sh"), "#!/bin/sh\ntouch \"$PGIMAGE_HOME/ran\"\n", true);
        Path entrypoint = home.resolve("entrypoint.sh");
        Files.write(entrypoint, DefaultEntrypoint.content());
        ProcessBuilder pb = new ProcessBuilder(shell, entrypoint.toString(), "true");
        pb.environment().put("PGIMAGE_HOME", home.toString());
        pb.redirectErrorStream(true);
        Process process = pb.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "entrypoint did not finish");
        assertTrue(process.exitValue() != 0, "a failing fragment must stop the start");
        assertTrue(Files.notExists(home.resolve("ran")), "no script runs after a failed one");
    }

    private static void write(Path file, String content, boolean executable) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        if (executable) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
