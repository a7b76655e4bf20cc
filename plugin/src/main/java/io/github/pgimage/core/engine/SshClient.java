package io.github.pgimage.core.engine;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How an {@code ssh://[user@]host[:port][/socket]} engine is reached, as {@code docker -H ssh://…} reaches it: the
 * system's {@code ssh} client logs in and runs {@code docker system dial-stdio} on the remote host (with
 * {@code --host=unix:///socket} when the address names a socket), whose stdin and stdout are then one connection to
 * the remote engine. Logins, keys, agents, {@code known_hosts} and {@code ~/.ssh/config} are ssh's own business.
 * Never a prompt, which would wait forever with nobody to answer it: {@code BatchMode=yes}. Connections share one
 * login ({@code ControlMaster}) where ssh can: a connection then costs tens of milliseconds instead of a login's
 * hundreds, and a runtime-edit build a third of the time ({@code bench/ssh-bench.sh}); the shared login ends by
 * itself {@link #CONTROL_PERSIST} after its last connection, and a server that allows no more sessions on it gets a
 * login of the connection's own (ssh does that by itself).
 *
 * @param command          the client and the options the plugin cannot know ({@code ssh}; {@code ssh -F config} in
 *                         tests)
 * @param controlDirectory where the shared logins' sockets go (a folder only this user may enter), or null to log
 *                         in once per connection
 */
public record SshClient(List<String> command, Path controlDirectory) {
    /** How long a shared login outlives its last connection: a goal's requests, and the next goal's, reuse it. */
    public static final Duration CONTROL_PERSIST = Duration.ofSeconds(30);
    /** The Docker CLI's own ssh connect timeout. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Characters a POSIX shell takes literally in a word. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=@%+-]+");

    /** {@code ssh} from the {@code PATH}, sharing logins through a folder of this user's below {@code /tmp}. */
    public static final SshClient SYSTEM = new SshClient(List.of("ssh"), defaultControlDirectory());

    public SshClient {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("an ssh command needs the client's name");
        }
    }

    /**
     * Checks an {@code ssh://} address the way the Docker CLI does: a host, at most a user and a port, a path that
     * names the remote engine's socket, no password (ssh asks for none in batch mode), no query or fragment.
     *
     * @return why it cannot be used, or null when it can
     */
    static String problem(URI address) {
        if (address.getRawAuthority() == null || address.getHost() == null || address.getHost().isEmpty()) {
            return "it names no host";
        }
        String user = address.getUserInfo();
        if (user != null && user.contains(":")) {
            return "a password in the address is not supported (ssh logs in with a key: ssh-agent or ~/.ssh)";
        }
        if (address.getRawQuery() != null || address.getRawFragment() != null) {
            return "an ssh address takes no query or fragment";
        }
        return null;
    }

    /**
     * The command line that opens one connection to the engine at {@code address}.
     *
     * @param patience how long the engine may take to answer: ssh's connect timeout is no longer
     */
    List<String> commandLine(URI address, Duration patience) {
        List<String> line = new ArrayList<>(command);
        long connectSeconds = Math.max(1, Math.min(CONNECT_TIMEOUT.toSeconds(), patience.toSeconds()));
        line.addAll(List.of("-o", "BatchMode=yes", "-o", "ConnectTimeout=" + connectSeconds, "-T"));
        if (controlDirectory != null && sharedLoginsPossible()) {
            line.addAll(List.of("-o", "ControlMaster=auto", "-o", "ControlPath=" + controlDirectory.resolve("%C"),
                    "-o", "ControlPersist=" + CONTROL_PERSIST.toSeconds()));
        }
        if (address.getUserInfo() != null && !address.getUserInfo().isEmpty()) {
            line.addAll(List.of("-l", address.getUserInfo()));
        }
        if (address.getPort() >= 0) {
            line.addAll(List.of("-p", Integer.toString(address.getPort())));
        }
        line.add("--"); // a host that starts with '-' is a host, not an option
        line.add(address.getHost());
        line.add(remoteCommand(address));
        return line;
    }

    /**
     * What runs on the remote host, one string (ssh hands it to the remote user's shell): the remote CLI's own
     * engine, or the socket the address names.
     */
    static String remoteCommand(URI address) {
        String path = address.getPath();
        if (path == null || path.replace("/", "").isEmpty()) {
            return "docker system dial-stdio";
        }
        return "docker " + shellWord("--host=unix://" + path) + " system dial-stdio";
    }

    /** A word the remote shell reads back unchanged. */
    static String shellWord(String word) {
        if (PLAIN_WORD.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The folder must exist, belong to this user and be closed to others; else each connection logs in alone. */
    private boolean sharedLoginsPossible() {
        try {
            if (!Files.isDirectory(controlDirectory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(controlDirectory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return Files.getOwner(controlDirectory, LinkOption.NOFOLLOW_LINKS).getName()
                    .equals(System.getProperty("user.name"))
                    && PosixFilePermissions.toString(Files.getPosixFilePermissions(controlDirectory,
                    LinkOption.NOFOLLOW_LINKS)).equals("rwx------");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /**
     * {@code /tmp/pgimage-ssh-USER}: short, since a socket's path is limited to about 100 bytes and ssh adds a
     * temporary suffix to {@code %C} (40 characters); none on Windows, whose OpenSSH shares no logins.
     */
    private static Path defaultControlDirectory() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return null;
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return Path.of("/tmp", "pgimage-ssh-" + user);
    }

    @Override
    public String toString() {
        return String.join(" ", command) + (controlDirectory == null ? "" : " (shared logins in " + controlDirectory + ")");
    }
}
