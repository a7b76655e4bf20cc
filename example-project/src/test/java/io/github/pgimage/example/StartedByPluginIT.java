package io.github.pgimage.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/**
 * The way a user's integration tests reach the image: {@code postgres-image:start} ran it before this test and
 * handed over where and how to connect as system properties (see the failsafe configuration in pom.xml);
 * {@code postgres-image:stop} removes it afterwards.
 */
class StartedByPluginIT {

  @Test
  void connectsThroughTheExportedProperties() throws Exception {
    String url = System.getProperty("postgres-image.jdbcUrl");
    String user = System.getProperty("postgres-image.username");
    String password = System.getProperty("postgres-image.password");
    assertTrue(url != null && url.startsWith("jdbc:postgresql://"), "postgres-image:start sets the JDBC URL: " + url);

    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS greeting (text varchar)");
      s.execute("INSERT INTO greeting VALUES ('hello')");
      try (ResultSet rs = s.executeQuery("SELECT current_user, current_database(), count(*) FROM greeting")) {
        assertTrue(rs.next());
        assertEquals("app user", rs.getString(1));
        assertEquals("app db", rs.getString(2));
        assertTrue(rs.getLong(3) >= 1);
      }
    }
  }
}
