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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated default entrypoint, run for real (no engine: a temp dir stands in for {@code /opt/pgimage}) with
 * bash and with the system's sh: scripts run in numeric order, a script without a shebang is sourced (its variables
 * reach the scripts after it and the command), one with a shebang is executed in its own process through its
 * interpreter; the shell is bash when there is one.
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

        Run run = run(List.of(shell, entrypoint.toString(), "sh", "-c", "echo \"command sees: $EXPORTED\" >> \"$TRACE\""),
                System.getenv("PATH"));
        assertEquals(0, run.exit(), run.output());

        assertEquals(List.of(
                "3 sees: hello from 2",
                "10 runs as 10-exec.sh, sees: nothing, exported by 2",
                "command sees: exported by 2"), Files.readAllLines(trace));
        assertEquals("entrypoint: sourcing 2-env.sh\nentrypoint: sourcing 3-use.sh\nentrypoint: running 10-exec.sh\n",
                run.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "sh"})
    void stopsAtTheFirstScriptThatFails(String shell) throws Exception {
        Path scripts = Files.createDirectories(home.resolve("entrypoint.d/scripts"));
        write(scripts.resolve("1-fail.sh"), "false\n", false);
        write(scripts.resolve("2-never.sh"), "#!/bin/sh\ntouch \"$PGIMAGE_HOME/ran\"\n", true);
        Path entrypoint = home.resolve("entrypoint.sh");
        Files.write(entrypoint, DefaultEntrypoint.content());
        assertTrue(run(List.of(shell, entrypoint.toString(), "true"), System.getenv("PATH")).exit() != 0,
                "a failing fragment must stop the start");
        assertTrue(Files.notExists(home.resolve("ran")), "no script runs after a failed one");
    }

    /**
     * Started by sh, the entrypoint re-runs itself under bash when the image has bash, so fragments written for
     * docker-library's entrypoint (indirect expansion, arrays, [[ ]], declare -g) work; a script with a shebang runs
     * through its interpreter, with the line's argument, whether or not the checkout gave it the executable bit; an
     * underscore ends a number as a dash does.
     */
    @Test
    void underBashFragmentsMayUseBashAndScriptsNeedNoExecutableBit() throws Exception {
        Path scripts = Files.createDirectories(home.resolve("entrypoint.d/scripts"));
        Path trace = home.resolve("trace");
        write(scripts.resolve("000_env.sh"), "declare -g NAMES=(alpha beta)\nvar=TRACE\n"
                + "[[ -n \"${!var}\" ]] && echo \"000 sees ${NAMES[1]} under ${BASH_VERSION:+bash}\" >> \"$TRACE\"\n", false);
        write(scripts.resolve("2-exec.sh"), "#!/bin/sh -e\necho \"2 runs $0 with -e: $-\" >> \"$TRACE\"\n", false);
        write(scripts.resolve("10_last.sh"), "echo 10 >> \"$TRACE\"\n", false);
        Path entrypoint = home.resolve("entrypoint.sh");
        Files.write(entrypoint, DefaultEntrypoint.content());

        Run run = run(List.of("/bin/sh", entrypoint.toString(), "true"), System.getenv("PATH"));

        assertEquals(0, run.exit(), run.output());
        List<String> lines = Files.readAllLines(trace);
        assertEquals(3, lines.size(), run.output());
        assertEquals("000 sees beta under bash", lines.get(0));
        assertTrue(lines.get(1).startsWith("2 runs " + scripts.resolve("2-exec.sh") + " with -e: ")
                && lines.get(1).substring(lines.get(1).lastIndexOf(' ') + 1).contains("e"), lines.get(1));
        assertEquals("10", lines.get(2));
    }

    /**
     * In an image without bash the entrypoint stays in sh: POSIX fragments are sourced as before, and a bash-only
     * one stops the start, which is why validation reports such a fragment before the build.
     */
    @Test
    void withoutBashFragmentsAreSourcedBySh() throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String tool : List.of("sort", "true")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin/" + tool).toRealPath());
        }
        Path scripts = Files.createDirectories(home.resolve("entrypoint.d/scripts"));
        Path trace = home.resolve("trace");
        write(scripts.resolve("10-env.sh"), "GREETING=hello\n", false);
        write(scripts.resolve("20-use.sh"), "echo \"20 sees $GREETING under ${BASH_VERSION:-sh}\" >> \"$TRACE\"\n", false);
        Path entrypoint = home.resolve("entrypoint.sh");
        Files.write(entrypoint, DefaultEntrypoint.content());

        Run posix = run(List.of("/bin/dash", entrypoint.toString(), "true"), bin.toString());
        assertEquals(0, posix.exit(), posix.output());
        assertEquals(List.of("20 sees hello under sh"), Files.readAllLines(trace));

        write(scripts.resolve("30-bash.sh"), "names=(a b)\n", false);
        Run bash = run(List.of("/bin/dash", entrypoint.toString(), "true"), bin.toString());
        assertTrue(bash.exit() != 0 && bash.output().contains("Syntax error"), bash.output());
    }

    private record Run(int exit, String output) {
    }

    /** The command with {@code home} as PGIMAGE_HOME, {@code home/trace} as TRACE and the given PATH. */
    private Run run(List<String> command, String path) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PGIMAGE_HOME", home.toString());
        pb.environment().put("PATH", path);
        pb.environment().put("TRACE", home.resolve("trace").toString());
        pb.redirectErrorStream(true);
        Process process = pb.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "entrypoint did not finish");
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void write(Path file, String content, boolean executable) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        if (executable) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
