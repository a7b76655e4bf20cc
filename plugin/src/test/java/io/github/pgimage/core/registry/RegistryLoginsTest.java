package io.github.pgimage.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.session.RegistryCredential;
import io.github.pgimage.core.session.RegistryCredentials;

/** The lookup order with a real config.json and a real helper program: settings.xml, auths, helper. */
class RegistryLoginsTest {
    @TempDir
    Path dir;

    @Test
    void settingsWinOverAuthsWhichWinOverTheHelper() throws Exception {
        Map<String, String> env = dockerConfig("""
                {"auths": {"https://auths.example:5000": {"auth": "%s"}, "settings.example:5000": {"auth": "%s"}},
                 "credsStore": "it"}
                """.formatted(base64("from-auths:a"), base64("from-auths:b")));
        SettingsServers servers = new SettingsServers()
                .add("settings.example:5000", "from-settings", "s")
                .add("central", "maven", "not-a-registry-but-harmless");

        RegistryLogins logins = RegistryLogins.standard(servers, env, dir.resolve("user-home"));

        FoundCredential settings = logins.find("settings.example:5000").orElseThrow();
        assertEquals("from-settings", settings.credential().username());
        assertEquals("settings.xml server 'settings.example:5000'", settings.origin());

        FoundCredential auths = logins.find("auths.example:5000").orElseThrow();
        assertEquals(new RegistryCredential("from-auths", "a"), auths.credential());
        assertEquals(dir.resolve("docker/config.json") + " auths 'https://auths.example:5000'", auths.origin());

        FoundCredential helper = logins.find("helper.example:5000").orElseThrow();
        assertEquals(new RegistryCredential("from-helper", "h"), helper.credential());
        assertEquals("credential helper docker-credential-it", helper.origin());

        assertEquals(Optional.of(new RegistryCredential("from-helper", "h")), logins.lookup("https://helper.example:5000/v1/"),
                "as RegistryCredentials for a BuildSession, with the host in any spelling");
        assertEquals(Optional.empty(), logins.find("unknown.example:5000"), "the helper says credentials not found");
    }

    @Test
    void aHostWithNoLoginListsEveryPlaceLookedAt() throws Exception {
        Map<String, String> env = dockerConfig("{\"auths\": {\"localhost:5001\": {}}}");

        RegistryLogins logins = RegistryLogins.standard(new SettingsServers(), env, dir.resolve("user-home"));

        assertEquals(Optional.empty(), logins.find("localhost:5001"));
        List<String> searched = logins.searched("localhost:5001");
        assertEquals(3, searched.size(), searched.toString());
        assertTrue(searched.get(0).startsWith("settings.xml: no <server> with id 'localhost:5001'"), searched.get(0));
        assertTrue(searched.get(1).contains("auths: the entry 'localhost:5001' holds no login"), searched.get(1));
        assertTrue(searched.get(2).contains("names none for localhost:5001"), searched.get(2));
    }

    @Test
    void nothingIsReadOrRunBeforeALoginIsAskedFor() throws Exception {
        Map<String, String> env = dockerConfig("{\"credsStore\": \"pgimage-not-installed\"}");

        RegistryLogins logins = RegistryLogins.standard(new SettingsServers(), env, dir.resolve("user-home"));
        // a malformed config.json written after the lookup was made is what the first ask reads
        Files.writeString(dir.resolve("docker/config.json"), "{\"credsStore\": \"pgimage-not-installed\"");

        CredentialLookupException e = assertThrows(CredentialLookupException.class, () -> logins.find("ghcr.io"));
        assertTrue(e.getMessage().contains("is not a JSON object") || e.getMessage().contains("Cannot read"), e.getMessage());
    }

    @Test
    void aCredentialStoreWhoseHelperIsMissingFailsOnlyTheLookupThatNeedsIt() throws Exception {
        Map<String, String> env = dockerConfig("{\"credsStore\": \"pgimage-not-installed\"}");

        RegistryLogins logins = RegistryLogins.standard(new SettingsServers(), env, dir.resolve("user-home"));

        assertTrue(logins.mayHave("ghcr.io"), "only the helper could tell, and it is not asked yet");
        CredentialLookupException e = assertThrows(CredentialLookupException.class, () -> logins.lookup("ghcr.io"));
        assertTrue(e.getMessage().contains("docker-credential-pgimage-not-installed"), e.getMessage());
        assertTrue(e.getMessage().contains("not an executable on PATH"), e.getMessage());
    }

    @Test
    void mayHaveIsAnsweredFromTheConfigurationAlone() throws Exception {
        Map<String, String> env = dockerConfig("""
                {"auths": {"auths.example": {"auth": "%s"}, "store.example": {}}, "credHelpers": {"helper.example": "it"}}
                """.formatted(base64("u:p")));
        RegistryLogins logins = RegistryLogins.standard(new SettingsServers().add("settings.example", "u", "p"), env,
                dir.resolve("user-home"));

        assertTrue(logins.mayHave("settings.example"));
        assertTrue(logins.mayHave("https://auths.example/v1/"));
        assertTrue(logins.mayHave("helper.example"));
        assertFalse(logins.mayHave("store.example"), "an empty auths entry marks a store login, and there is no store");
        assertFalse(logins.mayHave("docker.io"));
        assertFalse(RegistryCredentials.none().mayHave("docker.io"));
    }

    /** DOCKER_CONFIG with the given config.json, and PATH with docker-credential-it, which knows helper.example:5000. */
    private Map<String, String> dockerConfig(String json) throws Exception {
        Path config = Files.createDirectories(dir.resolve("docker"));
        Files.writeString(config.resolve("config.json"), json);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path helper = bin.resolve("docker-credential-it");
        Files.writeString(helper, """
                #!/bin/sh
                [ "$(cat)" = helper.example:5000 ] || { echo "credentials not found in native keychain"; exit 1; }
                echo '{"Username":"from-helper","Secret":"h"}'
                """);
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of("DOCKER_CONFIG", config.toString(), "PATH", bin + ":/usr/bin:/bin");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
