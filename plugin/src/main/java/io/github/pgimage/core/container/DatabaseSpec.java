package io.github.pgimage.core.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What to start: an image that follows the official postgres image's runtime contract (POSTGRES_PASSWORD,
 * POSTGRES_USER, POSTGRES_DB), the credentials, and how the container is wired to the host.
 *
 * @param image         image id or reference
 * @param username      POSTGRES_USER
 * @param password      POSTGRES_PASSWORD; never part of {@link #toString()}
 * @param database      POSTGRES_DB, or null for the user's name (the official image's default)
 * @param env           further environment; must not set the three variables above, they have their own parameters
 * @param command       arguments replacing the image's CMD, or empty for the image's own
 * @param containerPort the port PostgreSQL listens on inside the container
 * @param hostPort      the host port to publish on, or 0 for one the engine picks
 * @param volume        a named volume to mount at {@code dataDirectory}, or null for none
 * @param dataDirectory where the named volume is mounted
 * @param startTimeout  how long PostgreSQL may take to answer a query
 */
public record DatabaseSpec(String image, String username, String password, String database, Map<String, String> env,
                           List<String> command, int containerPort, int hostPort, String volume, String dataDirectory,
                           Duration startTimeout) {

    /** The variables the credentials parameters own. */
    public static final Set<String> CONTRACT_VARIABLES = Set.of("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB");

    public DatabaseSpec {
        requireText(image, "image");
        requireText(username, "username");
        requireText(password, "password");
        if (database != null && database.isBlank()) {
            database = null;
        }
        env = Map.copyOf(env == null ? Map.of() : env);
        for (String name : env.keySet()) {
            if (CONTRACT_VARIABLES.contains(name)) {
                throw new IllegalArgumentException(name + " is set by the username, password and database parameters;"
                        + " remove it from the environment");
            }
        }
        command = List.copyOf(command == null ? List.of() : command);
        requirePort(containerPort, 1, "containerPort");
        requirePort(hostPort, 0, "hostPort");
        if (volume != null && volume.isBlank()) {
            volume = null;
        }
        if (volume != null && !volume.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            // the engine's own rule for volume names; a path here would become a bind mount of a host folder
            throw new IllegalArgumentException("volume '" + volume + "' is not a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)");
        }
        requireText(dataDirectory, "dataDirectory");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, not " + startTimeout);
        }
    }

    /** The database the tests connect to: POSTGRES_DB, else the user's own. */
    public String effectiveDatabase() {
        return database == null ? username : database;
    }

    /** The container's environment: the extra variables, then the contract's. */
    public List<String> containerEnv() {
        Map<String, String> all = new LinkedHashMap<>(new TreeMap<>(env));
        all.put("POSTGRES_USER", username);
        all.put("POSTGRES_PASSWORD", password);
        all.put("POSTGRES_DB", effectiveDatabase());
        List<String> list = new ArrayList<>();
        all.forEach((name, value) -> list.add(name + "=" + value));
        return list;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    private static void requirePort(int port, int min, String name) {
        if (port < min || port > 65535) {
            throw new IllegalArgumentException(name + " must be between " + min + " and 65535, not " + port);
        }
    }

    @Override
    public String toString() {
        return "DatabaseSpec[image=" + image + ", username=" + username + ", database=" + effectiveDatabase()
                + ", env=" + env.keySet() + ", command=" + command + ", containerPort=" + containerPort
                + ", hostPort=" + hostPort + ", volume=" + volume + ", startTimeout=" + startTimeout + "]";
    }
}
