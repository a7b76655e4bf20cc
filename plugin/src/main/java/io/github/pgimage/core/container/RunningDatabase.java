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

    public String jdbcUrl() {
        return jdbcUrl(host, port, database);
    }

    static String jdbcUrl(String host, int port, String database) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * How the tests reach the database, {@code host}, {@code port}, {@code jdbcUrl}, {@code username},
     * {@code password}, each name after {@code prefix} (the front end's namespace for them).
     */
    public Map<String, String> properties(String prefix) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(prefix + "host", host);
        properties.put(prefix + "port", Integer.toString(port));
        properties.put(prefix + "jdbcUrl", jdbcUrl());
        properties.put(prefix + "username", username);
        properties.put(prefix + "password", password);
        return properties;
    }

    @Override
    public String toString() {
        return "RunningDatabase[container=" + containerId + ", " + jdbcUrl() + " as " + username + "]";
    }
}
