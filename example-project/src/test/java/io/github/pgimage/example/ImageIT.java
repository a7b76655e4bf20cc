package io.github.pgimage.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The image's metadata, history and file system, without starting a server. */
class ImageIT {

  static final Path PROJECT = Path.of(System.getProperty("basedir", "."));

  @Test
  void configHasTheRuntimeContractOfTheOfficialImage() throws IOException {
    JsonNode config = new ObjectMapper()
        .readTree(Engine.get("/images/" + Engine.encode(Engine.IMAGE) + "/json")).path("Config");
    assertEquals("postgres", config.path("User").asText());
    assertEquals("SIGINT", config.path("StopSignal").asText());
    assertTrue(config.path("ExposedPorts").has("5432/tcp"), "EXPOSE 5432: " + config);
    assertTrue(config.path("Volumes").has("/var/lib/postgresql/data"), "data volume: " + config);
    assertEquals("[\"/opt/pgimage/entrypoint.sh\"]", config.path("Entrypoint").toString());
    assertEquals("[\"postgres\"]", config.path("Cmd").toString());
    assertTrue(config.path("Healthcheck").path("Test").toString().contains("pg_isready"), "HEALTHCHECK: " + config);
    List<String> env = new ArrayList<>();
    config.path("Env").forEach(e -> env.add(e.asText()));
    assertTrue(env.contains("PGDATA=/var/lib/postgresql/data/pgdata"), env.toString());
    assertTrue(env.stream().anyMatch(e -> e.startsWith("PATH=/usr/lib/postgresql/15/bin:")), env.toString());
  }

  @Test
  void neitherConfigNorHistoryContainTestPasswords() {
    String config = Engine.get("/images/" + Engine.encode(Engine.IMAGE) + "/json");
    String history = Engine.get("/images/" + Engine.encode(Engine.IMAGE) + "/history");
    for (String secret : TestSecrets.ALL) {
      assertFalse(config.contains(secret), "image config contains a test password");
      assertFalse(history.contains(secret), "image history contains a test password");
    }
  }

  @Test
  void nothingThatDockerignoreExcludesReachesTheImage() throws IOException {
    Set<String> ignored = ignoredProjectFiles();
    assertTrue(ignored.contains("pom.xml") && ignored.stream().anyMatch(f -> f.endsWith("IT.java")),
        "the project has files .dockerignore excludes: " + ignored);

    String config = Engine.get("/images/" + Engine.encode(Engine.IMAGE) + "/json");
    String history = Engine.get("/images/" + Engine.encode(Engine.IMAGE) + "/history");
    try (PgContainer c = PgContainer.builder()
        .cmd("find", "/opt/pgimage", "/docker-entrypoint-initdb.d", "-type", "f", "-printf", "%P\\n").start()) {
      assertEquals(0, c.awaitExit(Duration.ofSeconds(30)), c.logs());
      Set<String> inImage = new TreeSet<>(Arrays.asList(c.logs().split("\n")));
      inImage.remove("");
      // The entrypoint layer, exactly: config/, entrypoint.d/, entrypoint.sh; no setup script.
      assertEquals(expectedRuntimeFiles(ignored), inImage);
      for (String file : ignored) {
        assertFalse(inImage.contains(file), file + " is in the image");
        assertFalse(history.contains(file), file + " is named in the image history");
        assertFalse(config.contains(file), file + " is named in the image config");
      }
    }
  }

  /** Project files matched by .dockerignore (its simple patterns, read as globs). */
  private static Set<String> ignoredProjectFiles() throws IOException {
    List<PathMatcher> matchers = Files.readAllLines(PROJECT.resolve(".dockerignore")).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .flatMap(p -> p.endsWith("/")
            ? Stream.of(p.substring(0, p.length() - 1), p + "**")
            : Stream.of(p, p + "/**"))
        .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
        .toList();
    try (Stream<Path> files = Files.walk(PROJECT)) {
      return files.filter(Files::isRegularFile)
          .map(PROJECT::relativize)
          .filter(rel -> matchers.stream().anyMatch(m -> m.matches(rel)))
          .map(ImageIT::slashes)
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Set<String> expectedRuntimeFiles(Set<String> ignored) throws IOException {
    Set<String> expected = new TreeSet<>();
    expected.add("entrypoint.sh");
    for (String dir : List.of("config", "entrypoint.d")) {
      try (Stream<Path> files = Files.walk(PROJECT.resolve(dir))) {
        files.filter(Files::isRegularFile).map(PROJECT::relativize).map(ImageIT::slashes)
            .filter(f -> !ignored.contains(f)).forEach(expected::add);
      }
    }
    return expected;
  }

  private static String slashes(Path p) {
    return p.toString().replace('\\', '/');
  }
}
