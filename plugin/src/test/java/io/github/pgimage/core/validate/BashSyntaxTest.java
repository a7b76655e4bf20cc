package io.github.pgimage.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lines written for bash, as docker-library's, Bitnami's and TimescaleDB's fragments write them, are found; each is
 * run under dash (Debian's sh) and under bash to show that dash really does something else with it (an error, or
 * other output). Lines sh reads are left alone, also when a bash construct is only text in quotes.
 */
class BashSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "if [[ -n \"${POSTGRES_DB:-}\" ]]; then echo set; fi",
            "(( 1 + 1 )) && echo two",
            "function docker_setup_env { echo env; }; docker_setup_env",
            "source /dev/null && echo sourced",
            "declare -g DATABASE_ALREADY_EXISTS=true; echo ok",
            "let count=1+1; echo $count",
            "psql=( psql -v ON_ERROR_STOP=1 ); echo \"${psql[@]}\"",
            "opts+=x; echo $opts",
            "shopt -s nullglob; echo ok",
            "mapfile -t lines < /dev/null; echo ok",
            "pushd / >/dev/null; echo ok",
            "f() { local -r x=1; echo $x; }; f",
            "f() { :; }; export -f f; echo ok",
            "read -r -a words <<< 'a b'; echo ${#words[@]}",
            "printf -v x %s 1; echo $x",
            "set -Eeo pipefail; echo ok",
            "trap 'echo err' ERR; echo ok",
            "cat <<< hello",
            // dash runs "echo hi" in the background and redirects nothing: wait, so its line is always there
            "echo hi &> /dev/null; wait; echo ok",
            "cat <(echo sub)",
            "if [ \"$x\" == \"\" ]; then echo empty; fi",
            "echo $'tab\\there'",
            "var=HOME; echo ${!var}",
            "set -- -c x; echo \"${1:0:1}\"",
            "v=a-b; echo ${v/-/_}",
            "v=abc; echo ${v^^}"})
    void bashOnlyLinesAreFoundAndDashReallyReadsThemOtherwise(String line) throws Exception {
        Optional<BashSyntax.Found> found = BashSyntax.firstIn(ShellCode.of("# a fragment\n" + line + "\n"));
        assertTrue(found.isPresent(), "not found: " + line);
        assertEquals(2, found.get().line());

        assumeTrue(Files.isExecutable(Path.of("/bin/dash")) && Files.isExecutable(Path.of("/bin/bash")));
        assertNotEquals(run("/bin/bash", line), run("/bin/dash", line), "dash reads it as bash does: " + line);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "if [ -n \"${POSTGRES_DB:-}\" ]; then echo set; fi",
            "echo $((1 + 2))",
            "x=$(cat /dev/null); echo \"${x:-empty}\"",
            ": \"${POSTGRES_USER:=postgres}\"",
            "docker_setup_env() { export PGDATA=\"${PGDATA:-/var/lib/postgresql/data}\"; }",
            "local_var=1; echo \"${local_var#1}\" \"${local_var%1}\" \"${#local_var}\"",
            "echo 'in quotes: [[ ${!x} ]] <<< arr=(a)' \"[[ ]] declare\"",
            "set -eu",
            "echo \"$@\" >&2 2>&1",
            "[ \"$a\" = \"$b\" ] || [ \"$a\" != x ]",
            "while read -r line; do echo \"$line\"; done < /dev/null",
            "case \"$1\" in -*) set -- postgres \"$@\" ;; esac",
            "exec \"$@\""})
    void posixLinesAreLeftAlone(String line) {
        assertEquals(Optional.empty(), BashSyntax.firstIn(ShellCode.of(line + "\n")), line);
    }

    /** Exit code and output of the line as a shell script run by {@code shell}. */
    private static String run(String shell, String line) throws Exception {
        Process process = new ProcessBuilder(shell, "-c", line).redirectErrorStream(true).start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), shell + " did not finish: " + line);
        return process.exitValue() + ": " + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replace(shell, "SHELL");
    }
}
