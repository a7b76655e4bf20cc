package io.github.pgimage.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One server started as a user of the official image would: superuser, password and database
 * whose names contain spaces, initdb arguments, and server flags as the command.
 */
class ServerIT {

  static final String USER = "app user";
  static final String DB = "app db";
  static final String PASSWORD = TestSecrets.SUPERUSER_PASSWORD;

  static PgContainer pg;

  @BeforeAll
  static void start() {
    pg = PgContainer.builder()
        .env("POSTGRES_USER", USER)
        .env("POSTGRES_PASSWORD", PASSWORD)
        .env("POSTGRES_DB", DB)
        .env("POSTGRES_INITDB_ARGS", "--data-checksums --encoding 'UTF8'")
        // only flags: they are meant for postgres
        .cmd("-c", "max_connections=42")
        .start()
        .awaitReady(USER, PASSWORD, DB);
  }

  @AfterAll
  static void remove() {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void createsInsertsAndSelectsAsUserWithSpacesInDatabaseWithSpaces() throws SQLException {
    try (Connection c = pg.connect(USER, PASSWORD, DB); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE \"my items\" (id int PRIMARY KEY, name text NOT NULL)");
      s.execute("INSERT INTO \"my items\" VALUES (1, 'one'), (2, 'two words')");
      try (ResultSet rs = s.executeQuery(
          "SELECT current_user, current_database(), string_agg(name, ',' ORDER BY id) FROM \"my items\"")) {
        assertTrue(rs.next());
        assertEquals(USER, rs.getString(1));
        assertEquals(DB, rs.getString(2));
        assertEquals("one,two words", rs.getString(3));
      }
    }
  }

  @Test
  void rejectsAWrongPasswordOverTcp() {
    SQLException e = assertThrows(SQLException.class, () -> pg.connect(USER, "wrong", DB).close());
    assertEquals("28P01", e.getSQLState(), e.getMessage());
  }

  @Test
  void jitIsAvailableAndCompiles() throws SQLException {
    try (Connection c = pg.connect(USER, PASSWORD, DB); Statement s = c.createStatement()) {
      s.execute("SET jit = on");
      try (ResultSet rs = s.executeQuery("SELECT pg_jit_available()")) {
        assertTrue(rs.next());
        assertTrue(rs.getBoolean(1), "pg_jit_available()");
      }
      // Force a JIT compilation: proves LLVM really loads, not just that the flag is set.
      // (EXPLAIN prints its JIT section only together with costs.)
      s.execute("SET jit_above_cost = 0");
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE) SELECT sum(g) FROM generate_series(1, 1000) g")) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      assertTrue(plan.toString().matches("(?s).*JIT:\\s+Functions: [1-9].*"), plan.toString());
    }
  }

  @Test
  void appliesInitdbArgsAndServerFlags() throws SQLException {
    assertEquals("on", show("data_checksums"));
    assertEquals("UTF8", show("server_encoding"));
    assertEquals("42", show("max_connections"));
  }

  @Test
  void usesUtcAndTheEnglishUtf8Locale() throws SQLException {
    assertEquals("en_US.utf8", show("lc_collate"));
    // Through psql in the container: the JDBC driver would send the JVM's own time zone.
    assertEquals("UTC", pg.run("psql", "-U", USER, "-d", DB, "-tAc", "SHOW TimeZone").strip());
    assertEquals("UTC", pg.run("date", "+%Z").strip());
  }

  @Test
  void serverIsPid1AndRunsAsUid999() {
    String status = pg.run("cat", "/proc/1/status");
    assertTrue(status.contains("\nUid:\t999\t999\t999\t999\n"), status);
    assertTrue(status.contains("\nGid:\t999\t999\t999\t999\n"), status);
    // postgres itself is PID 1, so docker stop's SIGINT reaches it directly.
    assertTrue(pg.run("cat", "/proc/1/cmdline").startsWith("postgres\0"), "PID 1 is postgres");
  }

  @Test
  void passwordIsNeitherOnDiskNorInTheServersEnvironment() {
    PgContainer.ExecResult grep = pg.exec("grep", "-rlF", "--", PASSWORD,
        "/var/lib/postgresql", "/var/run/postgresql", "/tmp", "/opt/pgimage", "/proc/1/environ");
    assertEquals(1, grep.exitCode(), "grep found the password in: " + grep.stdout() + grep.stderr());
  }

  private static String show(String setting) throws SQLException {
    try (Connection c = pg.connect(USER, PASSWORD, DB); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SHOW " + setting)) {
      assertTrue(rs.next());
      String value = rs.getString(1);
      assertFalse(rs.next());
      return value;
    }
  }
}
