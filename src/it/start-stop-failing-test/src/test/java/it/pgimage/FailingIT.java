package it.pgimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** Reaches the database (so the container really ran), then fails. */
class FailingIT {

    @Test
    void connectsThenFails() throws Exception {
        assertEquals("jdbc:postgresql://" + System.getProperty("pg.host") + ":" + System.getProperty("pg.port")
                + "/postgres", System.getProperty("pg.jdbcUrl"));
        assertEquals("postgres", System.getProperty("pg.username"));
        assertEquals("given-in-the-pom", System.getProperty("pg.password"));
        try (Connection connection = DriverManager.getConnection(System.getProperty("pg.jdbcUrl"),
                System.getProperty("pg.username"), System.getProperty("pg.password"));
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_user")) {
            row.next();
            assertEquals("postgres", row.getString(1));
        }
        fail("deliberately failing after a successful query");
    }
}
