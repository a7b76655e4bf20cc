package io.github.pgimage.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.Setting;

/**
 * The core names a setting by its {@link Setting} and leaves the words to the front end: no string literal in
 * {@code io.github.pgimage.core} spells a plugin parameter as a pom does ({@code <exposedPorts>}) or a property as a
 * command line does ({@code -Dpostgres-image.x}, {@code mvn ...}). The parameter names are the ones
 * {@link HelpfulSuggestions} writes for every {@link Setting}, so a new setting is covered as soon as it is named.
 */
class CoreSpeaksNoMavenTest {
    private static final Path CORE = Path.of("src/main/java/io/github/pgimage/core");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern PARAMETER = Pattern.compile("<([a-zA-Z]+)>");

    @Test
    void everySettingHasItsOwnWordsInThePlugin() {
        for (Setting setting : Setting.values()) {
            assertFalse(HelpfulSuggestions.parameter(setting).equals(setting.name()), setting + " has no Maven words");
        }
    }

    @Test
    void noCoreStringLiteralNamesAPluginParameterOrProperty() throws IOException {
        Set<String> parameters = new TreeSet<>();
        for (Setting setting : Setting.values()) {
            String words = HelpfulSuggestions.parameter(setting);
            if (words.contains("settings.xml")) {
                continue; // the user's own file and its elements (<server>), which the core may name
            }
            Matcher m = PARAMETER.matcher(words);
            while (m.find()) {
                parameters.add(m.group(1));
            }
        }
        assertTrue(parameters.containsAll(List.of("baseImage", "exposedPorts", "secrets", "dockerHost")), parameters.toString());
        assertTrue(Files.isDirectory(CORE), "run from the plugin module: " + CORE.toAbsolutePath());

        List<String> offenders = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(CORE)) {
            sources.filter(p -> p.toString().endsWith(".java")).sorted()
                    .forEach(source -> offenders.addAll(offenders(CORE.relativize(source).toString(), read(source), parameters)));
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theScanFindsWhatTheValidatorUsedToWrite() {
        List<String> source = List.of(
                "    /** Reported as {@code <exposedPorts>} by the plugin. */",
                "        problems.add(new ProjectProblem(\"<exposedPorts>\", \"'\" + port + \"' is not a port\",",
                "                \"scripts read it as /run/secrets/<id>\"));",
                "        throw new IllegalStateException(\"set -Dpostgres-image.builder=grpc\");");
        assertEquals(List.of("V.java:2: \"<exposedPorts>\"", "V.java:4: \"set -Dpostgres-image.builder=grpc\""),
                offenders("V.java", source, Set.of("exposedPorts", "builder")));
    }

    /** Each string literal of {@code lines} outside comments that spells a parameter or a property, with its line. */
    private static List<String> offenders(String file, List<String> lines, Set<String> parameters) {
        List<String> offenders = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
                continue; // documentation may say how the plugin spells a setting
            }
            Matcher literal = STRING_LITERAL.matcher(line);
            while (literal.find()) {
                String text = literal.group();
                Matcher parameter = PARAMETER.matcher(text);
                boolean named = false;
                while (parameter.find()) {
                    named |= parameters.contains(parameter.group(1));
                }
                if (named || text.contains("-Dpostgres-image.") || text.contains("mvn ")) {
                    offenders.add(file + ":" + (i + 1) + ": " + text);
                }
            }
        }
        return offenders;
    }

    private static List<String> read(Path source) {
        try {
            return Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
