package io.github.pgimage.core.container;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.plan.ImageSettings;

/**
 * What to start: an image that follows the official postgres image's runtime contract (POSTGRES_PASSWORD,
 * POSTGRES_USER, POSTGRES_DB), the credentials, and how the container is wired to the host. Made with
 * {@link #builder(String)}; a value the engine could not use fails there, naming its {@link Setting}.
 *
 * @param image         image id or reference
 * @param username      POSTGRES_USER
 * @param password      POSTGRES_PASSWORD; never part of {@link #toString()}
 * @param database      POSTGRES_DB, or null for the user's name (the official image's default)
 * @param env           further environment; must not set the three variables above, they have their own settings
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

    /** The variables the credentials settings own. */
    public static final Set<String> CONTRACT_VARIABLES = Set.of("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB");
    public static final String DEFAULT_USERNAME = "postgres";
    public static final int DEFAULT_PORT = Integer.parseInt(ImageSettings.DEFAULT_PORT);
    public static final String DEFAULT_DATA_DIRECTORY = ImageSettings.DEFAULT_VOLUME;
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    /** @throws InvalidSettingException naming the setting whose value cannot be used */
    public DatabaseSpec {
        requireText(image, Setting.START_IMAGE);
        requireText(username, Setting.USERNAME);
        requireText(password, Setting.PASSWORD);
        if (database != null && database.isBlank()) {
            database = null;
        }
        env = Map.copyOf(env == null ? Map.of() : env);
        for (String name : env.keySet()) {
            if (CONTRACT_VARIABLES.contains(name)) {
                throw new InvalidSettingException(Setting.CONTAINER_ENV, name, name + " is set by the username,"
                        + " password and database settings; remove it from the container's environment");
            }
        }
        command = List.copyOf(command == null ? List.of() : command);
        requirePort(containerPort, 1, Setting.CONTAINER_PORT);
        requirePort(hostPort, 0, Setting.HOST_PORT);
        if (volume != null && volume.isBlank()) {
            volume = null;
        }
        if (volume != null && !volume.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            // the engine's own rule for volume names; a path here would become a bind mount of a host folder
            throw new InvalidSettingException(Setting.DATA_VOLUME, volume, "'" + volume
                    + "' is not a volume name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)");
        }
        requireText(dataDirectory, Setting.DATA_DIRECTORY);
        if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new InvalidSettingException(Setting.START_TIMEOUT, String.valueOf(startTimeout),
                    "the start timeout must be positive, not " + startTimeout);
        }
    }

    /** A spec for {@code image} with the official image's defaults; the password must still be set. */
    public static Builder builder(String image) {
        return new Builder(image);
    }

    /** This spec published on {@code port} (0: one the engine picks). */
    public DatabaseSpec withHostPort(int port) {
        return new DatabaseSpec(image, username, password, database, env, command, containerPort, port, volume,
                dataDirectory, startTimeout);
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

    private static void requireText(String value, Setting setting) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(setting, value, "it must not be empty");
        }
    }

    private static void requirePort(int port, int min, Setting setting) {
        if (port < min || port > 65535) {
            throw new InvalidSettingException(setting, Integer.toString(port),
                    "a port is between " + min + " and 65535, not " + port);
        }
    }

    @Override
    public String toString() {
        return "DatabaseSpec[image=" + image + ", username=" + username + ", database=" + effectiveDatabase()
                + ", env=" + env.keySet() + ", command=" + command + ", containerPort=" + containerPort
                + ", hostPort=" + hostPort + ", volume=" + volume + ", startTimeout=" + startTimeout + "]";
    }

    /** Collects the settings; everything not set keeps the official postgres image's default. */
    public static final class Builder {
        private final String image;
        private String username = DEFAULT_USERNAME;
        private String password;
        private String database;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> command = new ArrayList<>();
        private int containerPort = DEFAULT_PORT;
        private int hostPort;
        private String volume;
        private String dataDirectory = DEFAULT_DATA_DIRECTORY;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder(String image) {
            this.image = image;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** POSTGRES_DB; null or blank for the user's own database. */
        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public Builder env(Map<String, String> variables) {
            if (variables != null) {
                env.putAll(variables);
            }
            return this;
        }

        public Builder command(List<String> arguments) {
            if (arguments != null) {
                command.addAll(arguments);
            }
            return this;
        }

        public Builder containerPort(int port) {
            this.containerPort = port;
            return this;
        }

        /** 0 (the default) lets the engine pick a free port. */
        public Builder hostPort(int port) {
            this.hostPort = port;
            return this;
        }

        /** A named volume for the data directory; null or blank for none. */
        public Builder volume(String name) {
            this.volume = name;
            return this;
        }

        public Builder dataDirectory(String path) {
            this.dataDirectory = path;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** @throws InvalidSettingException naming the setting whose value cannot be used */
        public DatabaseSpec build() {
            return new DatabaseSpec(image, username, password, database, env, command, containerPort, hostPort,
                    volume, dataDirectory, startTimeout);
        }
    }
}
