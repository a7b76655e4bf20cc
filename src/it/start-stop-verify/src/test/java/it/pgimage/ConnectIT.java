package it.pgimage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** Connects with nothing but the properties postgres-image:start exported. */
class ConnectIT {

    @Test
    void connectsThroughTheExportedProperties() throws Exception {
        String host = System.getProperty("pg.host");
        String port = System.getProperty("pg.port");
        String url = System.getProperty("pg.jdbcUrl");
        String username = System.getProperty("pg.username");
        String password = System.getProperty("pg.password");
        assertEquals("jdbc:postgresql://" + host + ":" + port + "/appdb", url);
        // verify.groovy checks that the generated password never reached the build log
        Files.writeString(Path.of("target", "seen-password.txt"), password);

        try (Connection connection = DriverManager.getConnection(url, username, password);
             Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT current_user, current_database()")) {
                row.next();
                assertEquals("app", row.getString(1));
                assertEquals("appdb", row.getString(2));
            }
            // <startArgs> replaced the image's CMD
            try (ResultSet row = statement.executeQuery("SHOW fsync")) {
                row.next();
                assertEquals("off", row.getString(1));
            }
            // <startEnv> reached the server's environment
            statement.execute("CREATE TEMP TABLE env(value text)");
            statement.execute("COPY env FROM PROGRAM 'printenv IT_MARKER'");
            try (ResultSet row = statement.executeQuery("SELECT value FROM env")) {
                row.next();
                assertEquals("from startEnv", row.getString(1));
            }
            statement.execute("CREATE TABLE visit(id int PRIMARY KEY)");
            statement.execute("INSERT INTO visit VALUES (1), (2)");
            try (ResultSet row = statement.executeQuery("SELECT count(*) FROM visit")) {
                row.next();
                assertEquals(2, row.getInt(1));
            }
        }
    }
}
