package io.github.pgimage.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server never runs as root, also not under an arbitrary uid or when started as root. */
class NonRootIT {

  static final String PASSWORD = TestSecrets.SUPERUSER_PASSWORD;

  @Test
  void runsUnderAnArbitraryUid() throws Exception {
    try (Engine.NamedVolume volume = new Engine.NamedVolume("uid");
         PgContainer pg = PgContainer.builder()
             .user("12345")
             .volume(volume)
             .env("POSTGRES_PASSWORD", PASSWORD)
             .start()
             .awaitReady("postgres", PASSWORD, "postgres")) {
      String status = pg.run("cat", "/proc/1/status");
      assertTrue(status.contains("\nUid:\t12345\t12345\t12345\t12345\n"), status);
      assertEquals("12345", pg.run("stat", "-c", "%u", "/var/lib/postgresql/data/pgdata").strip());
      try (Connection c = pg.connect("postgres", PASSWORD, "postgres"); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database")) {
        assertTrue(rs.next());
      }
      assertTrue(pg.logs().contains("nss_wrapper"), pg.logs());
    }
  }

  /**
   * OpenShift's way: an arbitrary uid in group 0, a read-only root filesystem, tmpfs for the socket and /tmp, a
   * volume for the data. Docker itself must see the container turn healthy (an orchestrator that trusts health
   * would otherwise restart a working database), and SQL must answer.
   */
  @Test
  void turnsHealthyUnderAnArbitraryUidWithAReadOnlyRoot() throws Exception {
    try (Engine.NamedVolume volume = new Engine.NamedVolume("uid-ro");
         PgContainer pg = PgContainer.builder()
             .user("12345:0")
             .readOnly()
             .tmpfs("/var/run/postgresql")
             .tmpfs("/tmp")
             .volume(volume)
             .env("POSTGRES_PASSWORD", PASSWORD)
             .start()) {
      pg.awaitHealthy(Duration.ofSeconds(120));
      assertEquals("healthy", pg.health());
      try (Connection c = pg.connect("postgres", PASSWORD, "postgres"); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT current_setting('data_directory'), pg_is_in_recovery()")) {
        assertTrue(rs.next());
        assertEquals("/var/lib/postgresql/data/pgdata", rs.getString(1));
      }
      String status = pg.run("cat", "/proc/1/status");
      assertTrue(status.contains("\nUid:\t12345\t12345\t12345\t12345\n"), status);
      // The root filesystem really is read-only for the server's uid.
      assertTrue(pg.exec("touch", "/opt/pgimage/probe").exitCode() != 0, "root filesystem is writable");
    }
  }

  @Test
  void startedAsRootContinuesAsPostgres() throws Exception {
    try (PgContainer pg = PgContainer.builder()
        .user("0")
        .env("POSTGRES_PASSWORD", PASSWORD)
        .start()
        .awaitReady("postgres", PASSWORD, "postgres")) {
      String status = pg.run("cat", "/proc/1/status");
      assertTrue(status.contains("\nUid:\t999\t999\t999\t999\n"), status);
    }
  }

  @Test
  void noAccountHasAPasswordInShadow() {
    try (PgContainer c = PgContainer.builder().user("0").cmd("cat", "/etc/shadow").start()) {
      assertEquals(0, c.awaitExit(Duration.ofSeconds(30)));
      String shadow = c.logs();
      assertTrue(shadow.contains("postgres:"), shadow);
      for (String line : shadow.split("\n")) {
        String[] fields = line.split(":", -1);
        String hash = fields.length > 1 ? fields[1] : "";
        // '*' and '!...' mean: no password login possible. Empty or a hash would be a login.
        if (!(hash.equals("*") || hash.startsWith("!"))) {
          fail("account " + fields[0] + " has a usable or empty password field: '" + hash + "'");
        }
      }
    }
  }
}
