package io.github.pgimage.core.container;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import org.postgresql.Driver;

/**
 * One readiness check: log in as the user into the database through the published port and run {@code SELECT 1}.
 * A log line is no proof (the official image logs "ready" once for its private init server and once for the real
 * one), and an open port is none either (the engine's proxy accepts connections before anything listens).
 */
public final class JdbcProbe {
    private final Duration attemptTimeout;

    /** @param attemptTimeout bound of one connection attempt (connect, login and query each) */
    public JdbcProbe(Duration attemptTimeout) {
        this.attemptTimeout = attemptTimeout;
    }

    /** Empty when the query answered, else why not (the driver's message; it never contains the password). */
    public Optional<String> check(String jdbcUrl, String username, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        String seconds = Long.toString(Math.max(1, attemptTimeout.toSeconds()));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        properties.setProperty("ApplicationName", "postgres-image-maven-plugin readiness check");
        // The driver directly, not DriverManager: DriverManager only sees drivers of the caller's class loader's
        // parents, which in a Maven plugin realm does not reliably include this one.
        try (Connection connection = new Driver().connect(jdbcUrl, properties);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT 1")) {
            if (result.next() && result.getInt(1) == 1) {
                return Optional.empty();
            }
            return Optional.of("SELECT 1 returned no 1");
        } catch (SQLException e) {
            return Optional.of(describe(e));
        }
    }

    private static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getSQLState() == null ? message : message + " (SQLState " + e.getSQLState() + ")";
    }
}
