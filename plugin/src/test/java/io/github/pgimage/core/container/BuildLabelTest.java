package io.github.pgimage.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildLabelTest {
    @TempDir
    Path dir;

    @Test
    void namesTheProjectAndHashesItsFolder() throws IOException {
        Path project = Files.createDirectory(dir.resolve("project"));
        BuildLabel label = BuildLabel.of("it.pgimage", "start-stop", project);
        assertTrue(label.value().matches("it\\.pgimage:start-stop@[0-9a-f]{16}"), label.value());
        assertEquals("io.github.pgimage.build=" + label.value(), label.filter());
        assertEquals(label, BuildLabel.of("it.pgimage", "start-stop", project));
    }

    @Test
    void anExecutionsLabelSelectsItsOwnObjectsWhichCarryTheModulesLabelToo() throws IOException {
        BuildLabel module = BuildLabel.of("it.pgimage", "two-databases", Files.createDirectory(dir.resolve("p")));
        BuildLabel db2 = module.forExecution("db2");

        assertEquals("io.github.pgimage.execution=" + module.value() + "#db2", db2.filter());
        assertEquals(Map.of("io.github.pgimage.build", module.value(),
                "io.github.pgimage.execution", module.value() + "#db2"), db2.asMap());
        assertEquals(Map.of("io.github.pgimage.build", module.value()), module.asMap());
        assertEquals(module, db2.module());
        assertNotEquals(module.forExecution("db1").filter(), db2.filter());
    }

    @Test
    void differsBetweenCheckoutsAndProjects() throws IOException {
        Path one = Files.createDirectory(dir.resolve("one"));
        Path two = Files.createDirectory(dir.resolve("two"));
        assertNotEquals(BuildLabel.of("g", "a", one), BuildLabel.of("g", "a", two));
        assertNotEquals(BuildLabel.of("g", "a", one), BuildLabel.of("g", "b", one));
    }

    @Test
    void theSameFolderSpelledDifferentlyGivesTheSameLabel() throws IOException {
        Path project = Files.createDirectory(dir.resolve("project"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), project);
        Path dotted = dir.resolve("project/../project");
        assertEquals(BuildLabel.of("g", "a", project), BuildLabel.of("g", "a", link));
        assertEquals(BuildLabel.of("g", "a", project), BuildLabel.of("g", "a", dotted));
    }
}
