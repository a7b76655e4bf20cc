package it.pgimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The server started with the key from config/ (mode 0600, owned by postgres): SSL connections work. */
class EncryptedConnectionIT {

    @Test
    void answersSqlOverSsl() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", System.getProperty("pg.username"));
        props.setProperty("password", System.getProperty("pg.password"));
        props.setProperty("sslmode", "require");
        try (Connection connection = DriverManager.getConnection(System.getProperty("pg.jdbcUrl"), props);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT ssl, current_user, current_database() FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertTrue(row.next());
            assertTrue(row.getBoolean(1), "connection is not encrypted");
            assertEquals("app", row.getString(2));
            assertEquals("appdb", row.getString(3));
        }
    }
}
