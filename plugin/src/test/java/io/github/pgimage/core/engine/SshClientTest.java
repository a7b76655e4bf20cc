package io.github.pgimage.core.engine;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The ssh command line that reaches an {@code ssh://} engine, as the Docker CLI builds it, batch mode first. */
class SshClientTest {
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Test
    void theRemoteCliDialsItsOwnEngineOrTheSocketTheAddressNames() {
        SshClient ssh = new SshClient(List.of("ssh"), null);

        assertEquals(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "-T", "-l", "builder", "-p",
                        "2222", "--", "build-host.example.org", "docker system dial-stdio"),
                ssh.commandLine(URI.create("ssh://builder@build-host.example.org:2222"), PATIENCE));
        assertEquals(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "-T", "--", "build-host",
                        "docker --host=unix:///run/user/1000/docker.sock system dial-stdio"),
                ssh.commandLine(URI.create("ssh://build-host/run/user/1000/docker.sock"), PATIENCE),
                "no user, no port: ssh's own (its config's)");
        assertEquals("docker system dial-stdio", SshClient.remoteCommand(URI.create("ssh://build-host/")));
    }

    @Test
    void aSocketPathIsQuotedForTheRemoteShell() {
        assertEquals("docker '--host=unix:///srv/my engine/docker.sock' system dial-stdio",
                SshClient.remoteCommand(URI.create("ssh://build-host/srv/my%20engine/docker.sock")));
        assertEquals("'it'\\''s'", SshClient.shellWord("it's"));
        assertEquals("'$(reboot)'", SshClient.shellWord("$(reboot)"));
    }

    @Test
    void sshWaitsNoLongerThanTheEngineMay() {
        List<String> line = new SshClient(List.of("ssh"), null)
                .commandLine(URI.create("ssh://build-host"), Duration.ofSeconds(5));
        assertEquals("ConnectTimeout=5", line.get(line.indexOf("ConnectTimeout=5")));
    }

    @Test
    void connectionsShareOneLoginThroughAFolderOnlyThisUserMayEnter(@TempDir Path temp) throws Exception {
        Path control = temp.resolve("cm");
        List<String> line = new SshClient(List.of("ssh", "-F", "/etc/test/ssh_config"), control)
                .commandLine(URI.create("ssh://builder@build-host"), PATIENCE);

        assertEquals(List.of("ssh", "-F", "/etc/test/ssh_config", "-o", "BatchMode=yes", "-o", "ConnectTimeout=30",
                "-T", "-o", "ControlMaster=auto", "-o", "ControlPath=" + control.resolve("%C"), "-o",
                "ControlPersist=30", "-l", "builder", "--", "build-host", "docker system dial-stdio"), line);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(control)));

        Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> open = new SshClient(List.of("ssh"), control).commandLine(URI.create("ssh://build-host"), PATIENCE);
        assertEquals(-1, open.indexOf("ControlMaster=auto"), "a folder others may enter shares no logins: " + open);
    }

    @Test
    void addressesAreCheckedAsTheDockerCliChecksThem() {
        assertNull(SshClient.problem(URI.create("ssh://me@build-host:2222/var/run/docker.sock")));
        assertEquals("it names no host", SshClient.problem(URI.create("ssh:///var/run/docker.sock")));
        assertEquals("a password in the address is not supported (ssh logs in with a key: ssh-agent or ~/.ssh)",
                SshClient.problem(URI.create("ssh://me:secret@build-host")));
        assertEquals("an ssh address takes no query or fragment", SshClient.problem(URI.create("ssh://build-host#x")));
    }
}
