package io.github.pgimage.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every setting can come from a file (Docker / Kubernetes secrets) through NAME_FILE. */
class SecretsIT {

  @Test
  void readsUserPasswordAndDatabaseFromFiles() throws Exception {
    String user = "file user";
    String db = "file db";
    String password = TestSecrets.FILE_PASSWORD;
    try (PgContainer pg = PgContainer.builder()
        // Secrets as Docker mounts them: owned by the server's user, mode 0400; trailing newline.
        .file(PgContainer.File.of("/run/secrets/pg-password", password + "\n", 0400))
        .file(PgContainer.File.of("/run/secrets/pg-user", user + "\n", 0400))
        .file(PgContainer.File.of("/run/secrets/pg-db", db, 0400))
        .file(PgContainer.File.of("/run/secrets/pg-auth", "scram-sha-256", 0400))
        .env("POSTGRES_PASSWORD_FILE", "/run/secrets/pg-password")
        .env("POSTGRES_USER_FILE", "/run/secrets/pg-user")
        .env("POSTGRES_DB_FILE", "/run/secrets/pg-db")
        .env("POSTGRES_HOST_AUTH_METHOD_FILE", "/run/secrets/pg-auth")
        .start()
        .awaitReady(user, password, db)) {
      try (Connection c = pg.connect(user, password, db); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT current_user, current_database(), "
               + "(SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = current_user)")) {
        assertTrue(rs.next());
        assertEquals(user, rs.getString(1));
        assertEquals(db, rs.getString(2));
        assertTrue(rs.getBoolean(3), "the password is stored as a SCRAM hash");
      }
    }
  }

  @Test
  void refusesAVariableTogetherWithItsFile() {
    try (PgContainer pg = PgContainer.builder()
        .file(PgContainer.File.of("/run/secrets/pg-password", "one", 0400))
        .env("POSTGRES_PASSWORD", "other")
        .env("POSTGRES_PASSWORD_FILE", "/run/secrets/pg-password")
        .start()) {
      assertEquals(1, pg.awaitExit(Duration.ofSeconds(60)));
      assertTrue(pg.logs().contains("both POSTGRES_PASSWORD and POSTGRES_PASSWORD_FILE are set"), pg.logs());
    }
  }
}
