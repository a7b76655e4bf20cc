package io.github.pgimage.core.engine;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private OpenSSH server on {@code 127.0.0.1:PORT} in front of this machine's engines: Debian's {@code sshd}
 * ({@code .ci/provision-sshd.sh} installs it, and is run here when it is missing), started in the foreground with a
 * configuration, host key and client key made for the test in a folder of its own, letting in only that key, as the
 * user running the test. The remote side of an {@code ssh://} engine is this machine's own {@code docker} CLI, whose
 * {@code system dial-stdio} reaches the engine socket the address names. The client side is the system's
 * {@code ssh} with the test's configuration ({@code ssh -F}: the key, and the host key as the only known host), as
 * {@link #client} or, for a child Maven, as an {@code ssh} first on its {@code PATH} ({@link #writeSshOnPath}).
 *
 * <pre>{@code
 * try (TestSshd sshd = TestSshd.start(dir)) {
 *     EngineEndpoint engine = new EngineLocator(Map.of(), home).withSsh(sshd.client(true))
 *             .locate(sshd.address("/var/run/docker.sock").toString());
 * }
 * }</pre>
 */
public final class TestSshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final Process process;
    private final String user = System.getProperty("user.name");

    private TestSshd(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Makes keys and configuration in {@code dir} and starts sshd; it listens when this returns. */
    public static TestSshd start(Path dir) throws IOException, InterruptedException {
        provisionWhenMissing();
        Files.createDirectories(dir);
        Path hostKey = keyPair(dir.resolve("host_key"));
        Path clientKey = keyPair(dir.resolve("client_key"));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken between the test and sshd
            int port = freePort();
            Path config = Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                    "ListenAddress 127.0.0.1", "Port " + port, "HostKey " + hostKey,
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "StrictModes no", // the temporary folder's modes are the test runner's
                    "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password", "AllowTcpForwarding no", "X11Forwarding no", "PrintMotd no",
                    "PidFile none", "LogLevel INFO", ""));
            Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " "
                    + Files.readString(dir.resolve("host_key.pub")));
            Files.writeString(dir.resolve("ssh_config"), String.join("\n", "Host *",
                    "  IdentityFile " + clientKey, "  IdentitiesOnly yes",
                    "  UserKnownHostsFile " + dir.resolve("known_hosts"), "  StrictHostKeyChecking yes",
                    "  LogLevel ERROR", ""));
            Path log = dir.resolve("sshd.log");
            Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            TestSshd sshd = new TestSshd(dir, port, process);
            try {
                sshd.awaitListening(log);
                return sshd;
            } catch (IOException e) {
                sshd.close();
                last = e;
                if (!Files.readString(log).contains("Address already in use")) {
                    break;
                }
            }
        }
        throw last;
    }

    /**
     * The system's ssh with the test's configuration.
     *
     * @param sharedLogins whether connections share one login (ControlMaster), as the plugin's default client does
     */
    public SshClient client(boolean sharedLogins) {
        return new SshClient(List.of("ssh", "-F", dir.resolve("ssh_config").toString()),
                sharedLogins ? controlDirectory() : null);
    }

    /** {@code ssh://USER@127.0.0.1:PORT/socket}; no path (null): the remote CLI's own engine. */
    public URI address(String socket) {
        return URI.create("ssh://" + user + "@127.0.0.1:" + port + (socket == null ? "" : socket));
    }

    /**
     * Writes {@code dir/bin/ssh}, the system's ssh with the test's configuration, for a child Maven whose
     * {@code PATH} starts with that folder: the plugin's default client then logs in here.
     *
     * @return the folder to put first on the {@code PATH}
     */
    public Path writeSshOnPath() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path ssh = bin.resolve("ssh");
        Files.writeString(ssh, "#!/bin/sh\nexec /usr/bin/ssh -F '" + dir.resolve("ssh_config") + "' \"$@\"\n");
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    public int port() {
        return port;
    }

    /** A client key sshd does not know, for the refused login. */
    public Path otherConfig() throws IOException, InterruptedException {
        Path other = keyPair(dir.resolve("other_key"));
        return Files.writeString(dir.resolve("other_ssh_config"), Files.readString(dir.resolve("ssh_config"))
                .replace(dir.resolve("client_key").toString(), other.toString()));
    }

    /** sshd's log so far, for failure messages. */
    public String log() throws IOException {
        return Files.readString(dir.resolve("sshd.log"));
    }

    /** Short: a control socket's path is limited to about 100 bytes. */
    private Path controlDirectory() {
        return dir.resolve("cm");
    }

    private void awaitListening(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String expected = "Server listening on 127.0.0.1 port " + port + ".";
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log);
            if (text.contains(expected)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("sshd ended (exit " + process.exitValue() + ") instead of listening on port "
                        + port + "; run .ci/provision-sshd.sh if it is missing or lacks /run/sshd. Its output:\n" + text);
            }
            Thread.sleep(50);
        }
        throw new IOException("sshd did not listen on port " + port + " within " + STARTUP.toSeconds() + " s:\n"
                + Files.readString(log));
    }

    /**
     * Ends the shared logins, then sshd and the sessions it forked (a session outlives the listener otherwise). Only
     * processes of this server: its own and its descendants, by their ids.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        Path controlDirectory = controlDirectory();
        if (Files.isDirectory(controlDirectory)) {
            Process exit = new ProcessBuilder("ssh", "-F", dir.resolve("ssh_config").toString(), "-o",
                    "ControlPath=" + controlDirectory.resolve("%C"), "-p", Integer.toString(port), "-l", user, "-O",
                    "exit", "127.0.0.1").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            exit.waitFor(10, TimeUnit.SECONDS);
        }
        List<ProcessHandle> sessions = process.descendants().toList();
        process.destroy();
        sessions.forEach(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle session : sessions) {
            try {
                session.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                session.destroyForcibly();
            }
        }
    }

    private static Path keyPair(Path key) throws IOException, InterruptedException {
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pgimage-test", "-f", key.toString()));
        return key;
    }

    private static void provisionWhenMissing() throws IOException, InterruptedException {
        if (Files.isExecutable(SSHD) && Files.isDirectory(Path.of("/run/sshd"))) {
            return;
        }
        Path script = null;
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve(".ci/provision-sshd.sh"))) {
                script = folder.resolve(".ci/provision-sshd.sh");
                break;
            }
        }
        if (script == null) {
            throw new IOException("sshd is missing and .ci/provision-sshd.sh was not found above " + Path.of("")
                    .toAbsolutePath());
        }
        run(List.of("bash", script.toString()));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output);
        }
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return "sshd on 127.0.0.1:" + port + " (" + dir + ")";
    }
}
