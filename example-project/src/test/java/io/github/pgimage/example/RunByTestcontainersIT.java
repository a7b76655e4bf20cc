package io.github.pgimage.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The other way a user's integration tests reach the image: Testcontainers runs it from the test.
 * {@code postgres-image:build} hands over the image it built as {@code postgres-image.imageRef} (see the
 * failsafe configuration in pom.xml, which also turns off Ryuk: its image cannot be pulled everywhere);
 * the image behaves like the official {@code postgres} one, so Testcontainers' PostgreSQL module takes it
 * as a substitute: the same variables, the same "ready to accept connections" log lines it waits for.
 */
@Testcontainers
class RunByTestcontainersIT {

  @Container
  static final PostgreSQLContainer DATABASE = new PostgreSQLContainer(builtImage())
      .withDatabaseName("orders")
      .withUsername("app")
      .withPassword("app-secret")
      // the names every test of this project gives what it creates (see README)
      .withCreateContainerCmdModifier(create -> create.withName(Engine.uniqueName("testcontainers")));

  /** The image the build made; a build skipped with -Dpostgres-image.skip=true tests pgimage.it.image instead. */
  static DockerImageName builtImage() {
    String ref = System.getProperty("postgres-image.imageRef", "");
    if (ref.isBlank() || ref.startsWith("${")) {
      ref = Engine.IMAGE;
    }
    return DockerImageName.parse(ref).asCompatibleSubstituteFor("postgres");
  }

  @Test
  void runsTheBuiltImage() throws Exception {
    try (Connection c = DriverManager.getConnection(DATABASE.getJdbcUrl(), DATABASE.getUsername(),
            DATABASE.getPassword());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT current_user, current_database(), current_setting('server_version_num')")) {
      assertTrue(rs.next());
      assertEquals("app", rs.getString(1));
      assertEquals("orders", rs.getString(2));
      assertTrue(rs.getString(3).startsWith("15"), "PostgreSQL 15: " + rs.getString(3));
    }
  }
}
