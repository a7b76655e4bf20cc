package io.github.pgimage.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every goal of the plugin descriptor has a row in docs/REFERENCE.md's goals table, and every parameter a user can
 * set is named there: a goal or parameter added without documentation fails the build.
 */
class DocsNameEveryParameterTest {
    private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");
    private static final Path REFERENCE = Path.of("../docs/REFERENCE.md");

    @Test
    void everyGoalAndEveryParameterIsInTheReference() throws IOException {
        String descriptor = Files.readString(DESCRIPTOR);
        String reference = Files.readString(REFERENCE);
        Set<String> missing = new TreeSet<>();
        Matcher mojo = Pattern.compile("<mojo>(.*?)</mojo>", Pattern.DOTALL).matcher(descriptor);
        int goals = 0;
        while (mojo.find()) {
            goals++;
            String body = mojo.group(1);
            String goal = field(body, "goal");
            if (!reference.contains("| `" + goal + "` |")) {
                missing.add("goal " + goal);
            }
            Matcher parameter = Pattern.compile("<parameter>(.*?)</parameter>", Pattern.DOTALL).matcher(body);
            while (parameter.find()) {
                String name = field(parameter.group(1), "name");
                boolean settable = "true".equals(field(parameter.group(1), "editable"));
                if (settable && !reference.contains("`" + name + "`")) {
                    missing.add(goal + ": parameter " + name);
                }
            }
        }
        assertTrue(goals >= 8, "the descriptor lists the plugin's goals: " + goals);
        assertEquals(Set.of(), missing, "not in " + REFERENCE);
    }

    private static String field(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1).strip() : "";
    }
}
