package io.github.pgimage.core.container;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A started container whose PostgreSQL answered a query, and how to reach it.
 *
 * @param containerId the engine's id of the container
 * @param host        the host to connect to
 * @param port        the published host port
 * @param username    the database user
 * @param password    its password; never part of {@link #toString()}
 * @param database    the database to connect to
 */
public record RunningDatabase(String containerId, String host, int port, String username, String password,
                              String database) {

    /** Prefix of the properties handed to the build's tests. */
    public static final String PROPERTY_PREFIX = "postgres-image.";

    public String jdbcUrl() {
        return jdbcUrl(host, port, database);
    }

    static String jdbcUrl(String host, int port, String database) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code postgres-image.host}, {@code .port}, {@code .jdbcUrl}, {@code .username}, {@code .password}. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PROPERTY_PREFIX + "host", host);
        properties.put(PROPERTY_PREFIX + "port", Integer.toString(port));
        properties.put(PROPERTY_PREFIX + "jdbcUrl", jdbcUrl());
        properties.put(PROPERTY_PREFIX + "username", username);
        properties.put(PROPERTY_PREFIX + "password", password);
        return properties;
    }

    @Override
    public String toString() {
        return "RunningDatabase[container=" + containerId + ", " + jdbcUrl() + " as " + username + "]";
    }
}
