package io.github.pgimage.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.container.RunningDatabase;

/** The psql line watch prints, read back by a real POSIX shell (/bin/sh), word for word. */
class ShellWordsTest {

    @Test
    void plainWordsStayAsTheyAre() {
        assertEquals("app", ShellWords.quote("app"));
        assertEquals("/work/p/target/postgres-image/watch.password",
                ShellWords.quote("/work/p/target/postgres-image/watch.password"));
    }

    @Test
    void everyAwkwardWordComesBackFromTheShellAsItWas() throws Exception {
        List<String> words = List.of("app user", "it's", "$HOME", "`id`", "a;b", "*", "", "tab\there", "\"q\"",
                "back\\slash", "new\nline", "~root", "#not-a-comment");
        StringBuilder script = new StringBuilder("printf '%s\\0'");
        for (String word : words) {
            script.append(' ').append(ShellWords.quote(word));
        }
        assertEquals(words, shell(script.toString(), "\0"));
    }

    @Test
    void thePsqlLineGivesPsqlTheUserTheDatabaseAndThePassword(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("my project/target/postgres-image"));
        Path passwordFile = Files.writeString(folder.resolve("watch.password"), "pa ss'word");
        RunningDatabase database = new RunningDatabase("c1", "127.0.0.1", 49153, "app user", "pa ss'word", "my db");

        String line = WatchMojo.psqlCommand(database, passwordFile);

        assertEquals("PGPASSWORD=\"$(cat '" + passwordFile + "')\" psql -h 127.0.0.1 -p 49153 -U 'app user' 'my db'", line);
        // the shell runs the line as printed, with psql a function that shows what it was given
        List<String> seen = shell("psql() { printf '%s\\n' \"$PGPASSWORD\" \"$@\"; }; " + line, "\n");
        assertEquals(List.of("pa ss'word", "-h", "127.0.0.1", "-p", "49153", "-U", "app user", "my db"), seen);
    }

    private static List<String> shell(String script, String separator) throws Exception {
        Process sh = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(sh.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, sh.exitValue(), output);
        List<String> words = new ArrayList<>(List.of(output.split(separator, -1)));
        words.remove(words.size() - 1); // after the last separator
        return words;
    }
}
