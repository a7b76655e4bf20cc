package it.pgimage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** The database the default entrypoint set up from the project's bash fragments answers SQL. */
class HabitsIT {

    @Test
    void theFragmentsMadeTheClusterAndTheExecutedScriptTunedIt() throws Exception {
        try (Connection connection = DriverManager.getConnection(System.getProperty("pg.jdbcUrl"),
                System.getProperty("pg.username"), System.getProperty("pg.password"));
             Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT current_user, current_database()")) {
                row.next();
                assertEquals("app", row.getString(1));
                assertEquals("appdb", row.getString(2));
            }
            // 10_tune.sh ran after 2-init-db.sh: numbers, not text, order them
            try (ResultSet row = statement.executeQuery("SHOW cluster_name")) {
                row.next();
                assertEquals("public-image-habits", row.getString(1));
            }
        }
    }
}
