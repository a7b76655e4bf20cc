package io.github.pgimage.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.session.RegistryCredential;

/** Runs real helper programs (shell scripts) through the docker-credential-helpers protocol. */
class CredentialHelperTest {
    @TempDir
    Path dir;

    /**
     * A helper like docker-credential-pass: knows one server, says "credentials not found" (exit 1) for others,
     * and records its arguments and stdin so the test sees what it was asked.
     */
    private static final String KNOWS_ONE_SERVER = """
            #!/bin/sh
            server=$(cat)
            printf '%%s|%%s' "$*" "$server" > "%s"
            if [ "$server" = "%s" ]; then
              printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}\\n' "$server"
            else
              echo "credentials not found in native keychain"
              exit 1
            fi
            """;

    @Test
    void getSendsTheServerOnStdinAndReadsTheLoginFromStdout() throws Exception {
        Path seen = dir.resolve("seen");
        Path bin = helper("it", KNOWS_ONE_SERVER.formatted(seen, "localhost:5000", "alice", "s3cret"));

        Optional<RegistryCredential> login = new CredentialHelper("it", env(bin)).get("localhost:5000");

        assertEquals(Optional.of(new RegistryCredential("alice", "s3cret")), login);
        assertEquals("get|localhost:5000", Files.readString(seen), "argument 'get', the server URL on stdin without newline");
    }

    @Test
    void credentialsNotFoundMeansNone() throws Exception {
        Path bin = helper("it", KNOWS_ONE_SERVER.formatted(dir.resolve("seen"), "localhost:5000", "alice", "s3cret"));

        assertEquals(Optional.empty(), new CredentialHelper("it", env(bin)).get("localhost:5001"));
    }

    @Test
    void aTokenUserMeansAnIdentityToken() throws Exception {
        Path bin = helper("tok", KNOWS_ONE_SERVER.formatted(dir.resolve("seen"), "https://index.docker.io/v1/",
                "<token>", "refresh-token"));

        assertEquals(Optional.of(new RegistryCredential("", "refresh-token")),
                new CredentialHelper("tok", env(bin)).get("https://index.docker.io/v1/"));
    }

    @Test
    void aFailingHelperIsAnErrorWithItsMessage() throws Exception {
        Path bin = helper("broken", "#!/bin/sh\necho 'gpg: decryption failed: No secret key' >&2\nexit 2\n");

        CredentialLookupException e = assertThrows(CredentialLookupException.class,
                () -> new CredentialHelper("broken", env(bin)).get("localhost:5000"));
        assertTrue(e.getMessage().contains("docker-credential-broken get failed for localhost:5000 (exit 2)"), e.getMessage());
        assertTrue(e.getMessage().contains("No secret key"), e.getMessage());
    }

    @Test
    void anAnswerThatIsNotJsonIsAnErrorThatDoesNotEchoIt() throws Exception {
        Path bin = helper("garbled", "#!/bin/sh\necho 'Username=alice Secret=hunter2'\n");

        CredentialLookupException e = assertThrows(CredentialLookupException.class,
                () -> new CredentialHelper("garbled", env(bin)).get("localhost:5000"));
        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void aHelperNotOnPathIsAnErrorNamingTheProgram() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        CredentialLookupException e = assertThrows(CredentialLookupException.class,
                () -> new CredentialHelper("missing", env(empty)).get("localhost:5000"));
        assertTrue(e.getMessage().contains("docker-credential-missing"), e.getMessage());
        assertTrue(e.getMessage().contains("not an executable on PATH"), e.getMessage());
    }

    @Test
    void theFirstMatchOnPathWins() throws Exception {
        Path first = helper("dup", "#!/bin/sh\necho '{\"Username\":\"first\",\"Secret\":\"1\"}'\n", "a");
        Path second = helper("dup", "#!/bin/sh\necho '{\"Username\":\"second\",\"Secret\":\"2\"}'\n", "b");

        Map<String, String> env = Map.of("PATH", first + ":" + second);
        assertEquals("first", new CredentialHelper("dup", env).get("x").orElseThrow().username());
    }

    private Path helper(String name, String script) throws Exception {
        return helper(name, script, "bin");
    }

    private Path helper(String name, String script, String folder) throws Exception {
        Path bin = Files.createDirectories(dir.resolve(folder));
        Path program = bin.resolve("docker-credential-" + name);
        Files.writeString(program, script);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** The helper's PATH: its own folder first, then the system's for sh and printf. */
    private static Map<String, String> env(Path bin) {
        return Map.of("PATH", bin + ":/usr/bin:/bin");
    }
}
