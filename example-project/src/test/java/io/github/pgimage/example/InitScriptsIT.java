package io.github.pgimage.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * /docker-entrypoint-initdb.d runs exactly once, against POSTGRES_DB, and `docker stop` shuts the
 * server down cleanly: a second container on the same volume keeps the data, runs no script
 * again and needs no crash recovery.
 */
class InitScriptsIT {

  static final String USER = "init user";
  static final String DB = "init db";
  static final String PASSWORD = TestSecrets.SUPERUSER_PASSWORD;

  private static PgContainer.Builder server(Engine.NamedVolume volume) {
    return PgContainer.builder()
        .volume(volume)
        .env("POSTGRES_USER", USER)
        .env("POSTGRES_PASSWORD", PASSWORD)
        .env("POSTGRES_DB", DB);
  }

  private static List<PgContainer.File> initScripts() throws IOException {
    String dir = "/docker-entrypoint-initdb.d/";
    return List.of(
        PgContainer.File.of(dir + "01-schema.sql", """
            CREATE TABLE init_runs (script text, db text, at timestamptz DEFAULT now());
            INSERT INTO init_runs (script, db) VALUES ('01-schema.sql', current_database());
            """, 0644),
        new PgContainer.File(dir + "02-seed.sql.gz", gzip(
            "INSERT INTO init_runs (script, db) VALUES ('02-seed.sql.gz', current_database());\n"), 0644, 999),
        PgContainer.File.of(dir + "03-executed.sh", """
            #!/usr/bin/env bash
            set -euo pipefail
            psql -v ON_ERROR_STOP=1 -c "INSERT INTO init_runs (script, db) VALUES ('03-executed.sh', current_database())"
            """, 0755),
        // Not executable: sourced by the entrypoint, as the official image does.
        PgContainer.File.of(dir + "04-sourced.sh", """
            psql -v ON_ERROR_STOP=1 --dbname "$POSTGRES_DB" \\
              -c "INSERT INTO init_runs (script, db) VALUES ('04-sourced.sh', current_database())"
            """, 0644),
        PgContainer.File.of(dir + "05-notes.txt", "not a script\n", 0644));
  }

  @Test
  void scriptsRunOnceAndStopIsClean() throws Exception {
    try (Engine.NamedVolume volume = new Engine.NamedVolume("init")) {
      PgContainer.Builder first = server(volume);
      initScripts().forEach(first::file);
      try (PgContainer pg = first.start().awaitReady(USER, PASSWORD, DB)) {
        assertEquals(List.of("01-schema.sql", "02-seed.sql.gz", "03-executed.sh", "04-sourced.sh"), runs(pg));
        try (Connection c = pg.connect(USER, PASSWORD, DB); Statement s = c.createStatement()) {
          s.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives a restart')");
        }
        assertTrue(pg.logs().contains("ignoring /docker-entrypoint-initdb.d/05-notes.txt"), pg.logs());

        long status = pg.stop(Duration.ofSeconds(30));
        assertEquals(0, status, "exit status after docker stop (137 would mean SIGKILL)\n" + pg.logs());
        assertTrue(pg.logs().contains("database system is shut down"), pg.logs());
      }

      // A new container on the same volume, with the same scripts in place.
      PgContainer.Builder second = server(volume);
      initScripts().forEach(second::file);
      try (PgContainer pg = second.start().awaitReady(USER, PASSWORD, DB)) {
        assertEquals(List.of("01-schema.sql", "02-seed.sql.gz", "03-executed.sh", "04-sourced.sh"), runs(pg));
        try (Connection c = pg.connect(USER, PASSWORD, DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
          assertTrue(rs.next());
          assertEquals("survives a restart", rs.getString(1));
        }
        String logs = pg.logs();
        assertTrue(logs.contains("holds a cluster"), logs);
        assertFalse(logs.contains("docker-entrypoint-initdb.d"), "scripts ran again:\n" + logs);
        assertTrue(logs.contains("database system was shut down at"), logs);
        assertFalse(logs.contains("not properly shut down"), "crash recovery ran:\n" + logs);
        assertFalse(logs.contains("automatic recovery in progress"), "crash recovery ran:\n" + logs);
      }
    }
  }

  @Test
  void aFailedInitialisationIsDiscardedAndRetriedOnTheNextStart() throws Exception {
    try (Engine.NamedVolume volume = new Engine.NamedVolume("init-fail")) {
      try (PgContainer pg = server(volume)
          .file(PgContainer.File.of("/docker-entrypoint-initdb.d/01-broken.sql", "SELECT no_such_function();\n", 0644))
          .start()) {
        assertNotEquals(0, pg.awaitExit(Duration.ofSeconds(60)), pg.logs());
        assertTrue(pg.logs().contains("removing the new cluster"), pg.logs());
      }
      PgContainer.Builder retry = server(volume);
      initScripts().forEach(retry::file);
      try (PgContainer pg = retry.start().awaitReady(USER, PASSWORD, DB)) {
        assertTrue(pg.logs().contains("initialising PGDATA"), pg.logs());
        assertEquals(List.of("01-schema.sql", "02-seed.sql.gz", "03-executed.sh", "04-sourced.sh"), runs(pg));
      }
    }
  }

  /** The scripts recorded in init_runs, each must have run against POSTGRES_DB. */
  private static List<String> runs(PgContainer pg) throws SQLException {
    List<String> scripts = new ArrayList<>();
    try (Connection c = pg.connect(USER, PASSWORD, DB); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT script, db FROM init_runs ORDER BY at, script")) {
      while (rs.next()) {
        assertEquals(DB, rs.getString(2), "script " + rs.getString(1) + " ran in the wrong database");
        scripts.add(rs.getString(1));
      }
    }
    return scripts;
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
