package it.pgimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** The database start started after clearing the leftovers answers, with its data on the named volume. */
class ConnectIT {

    @Test
    void connectsToTheDatabaseOnTheNamedVolume() throws Exception {
        try (Connection connection = DriverManager.getConnection(System.getProperty("pg.jdbcUrl"),
                System.getProperty("pg.username"), System.getProperty("pg.password"));
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_user, current_database()")) {
            row.next();
            assertEquals("postgres", row.getString(1));
            assertEquals("postgres", row.getString(2));
        }
        Process ps = new ProcessBuilder("docker", "ps", "-q", "--filter", "volume=" + System.getProperty("pg.volume"))
                .redirectErrorStream(true).start();
        String users = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, ps.waitFor(), users);
        assertFalse(users.isEmpty(), "a running container mounts " + System.getProperty("pg.volume"));
    }
}
