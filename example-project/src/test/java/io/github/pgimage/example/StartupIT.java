package io.github.pgimage.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the entrypoint does with the command and with a missing password. */
class StartupIT {

  @Test
  void execsACommandThatIsNotPostgres() {
    try (PgContainer c = PgContainer.builder().cmd("echo", "hello").start()) {
      assertEquals(0, c.awaitExit(Duration.ofSeconds(30)));
      assertEquals("hello\n", c.logs());
    }
  }

  @Test
  void refusesToStartWithoutPassword() {
    try (PgContainer pg = PgContainer.builder().start()) {
      assertEquals(1, pg.awaitExit(Duration.ofSeconds(30)));
      String logs = pg.logs();
      assertTrue(logs.contains("Database is uninitialized and superuser password is not specified."), logs);
      assertTrue(logs.contains("POSTGRES_PASSWORD"), logs);
    }
  }

  @Test
  void trustStartsWithoutPassword() throws Exception {
    try (PgContainer pg = PgContainer.builder()
        .env("POSTGRES_HOST_AUTH_METHOD", "trust")
        .start()
        .awaitReady("postgres", null, "postgres")) {
      try (Connection c = pg.connect("postgres", null, "postgres"); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT current_user")) {
        assertTrue(rs.next());
        assertEquals("postgres", rs.getString(1));
      }
      assertTrue(pg.logs().contains("POSTGRES_HOST_AUTH_METHOD=trust"), "trust is warned about");
    }
  }
}
