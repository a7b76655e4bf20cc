package io.github.pgimage.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.session.RegistryCredential;

class DockerConfigTest {
    @TempDir
    Path dir;

    @Test
    void authsHoldBase64UserPasswordOrUsernameAndPasswordOrAnIdentityToken() throws Exception {
        DockerConfig config = config("""
                {"auths": {
                  "https://localhost:5000": {"auth": "%s"},
                  "registry.example.com": {"username": "bob", "password": "pa:ss"},
                  "https://index.docker.io/v1/": {"identitytoken": "tok-123"},
                  "http://mirror.example.com/v1/": {}
                }}
                """.formatted(base64("alice:se:cret")));

        assertEquals(Optional.of(new RegistryCredential("alice", "se:cret")), credential(config, "localhost:5000"),
                "the password is everything after the first colon");
        assertEquals(Optional.of(new RegistryCredential("bob", "pa:ss")), credential(config, "https://registry.example.com/"));
        assertEquals(Optional.of(new RegistryCredential("", "tok-123")), credential(config, "registry-1.docker.io"),
                "Docker Hub's legacy key serves every name of Docker Hub");
        assertTrue(config.auth("mirror.example.com").isPresent(), "an empty entry is still an entry");
        assertEquals(Optional.empty(), credential(config, "mirror.example.com"), "but it holds no login");
        assertEquals("https://localhost:5000", config.auth("localhost:5000").orElseThrow().key(), "the key as written");
        assertFalse(config.auth("localhost:5001").isPresent(), "another port is another registry");
    }

    @Test
    void helpersAreFoundByNormalisedKeyAndTheStoreIsTheDefault() throws Exception {
        DockerConfig config = config("""
                {"credsStore": "desktop", "credHelpers": {"https://gcr.io": "gcloud", "localhost:5000": "pass"}}
                """);

        assertEquals(Optional.of("gcloud"), config.credHelper("gcr.io"));
        assertEquals(Optional.of("pass"), config.credHelper("http://localhost:5000/v1/"));
        assertEquals(Optional.empty(), config.credHelper("ghcr.io"));
        assertEquals(Optional.of("desktop"), config.credsStore());
    }

    @Test
    void aMissingFileIsAnEmptyConfiguration() {
        DockerConfig config = DockerConfig.read(dir.resolve("config.json"), "config.json");

        assertFalse(config.auth("localhost:5000").isPresent());
        assertFalse(config.credsStore().isPresent());
    }

    @Test
    void aMalformedFileIsAnErrorNamingIt() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"auths\": {");
        CredentialLookupException e = assertThrows(CredentialLookupException.class,
                () -> DockerConfig.read(dir.resolve("config.json"), "config.json"));
        assertTrue(e.getMessage().contains(dir.resolve("config.json").toString()), e.getMessage());
    }

    @Test
    void anAuthThatIsNotUserColonPasswordIsAnErrorThatDoesNotShowIt() throws Exception {
        CredentialLookupException e = assertThrows(CredentialLookupException.class,
                () -> config("{\"auths\": {\"localhost:5000\": {\"auth\": \"" + base64("nocolonsecret") + "\"}}}"));
        assertTrue(e.getMessage().contains("auths['localhost:5000']"), e.getMessage());
        assertFalse(e.getMessage().contains("nocolonsecret"), e.getMessage());
    }

    @Test
    void theDirectoryIsDockerConfigThenHomeThenUserHome() {
        Path userHome = dir.resolve("java-home");
        assertEquals(Path.of("/cfg"), DockerConfig.directory(Map.of("DOCKER_CONFIG", "/cfg", "HOME", "/h"), userHome));
        assertEquals(Path.of("/h/.docker"), DockerConfig.directory(Map.of("HOME", "/h"), userHome));
        assertEquals(userHome.resolve(".docker"), DockerConfig.directory(Map.of(), userHome));
    }

    @Test
    void loadReadsTheSelectedDirectoryAndNamesTheFileForMessages() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/.docker")).getParent();
        Files.writeString(home.resolve(".docker/config.json"),
                "{\"auths\": {\"localhost:5000\": {\"auth\": \"" + base64("u:p") + "\"}}}");

        DockerConfig config = DockerConfig.load(Map.of("HOME", home.toString()), dir);

        assertEquals("~/.docker/config.json", config.displayName());
        assertEquals(Optional.of(new RegistryCredential("u", "p")), credential(config, "localhost:5000"));
    }

    private DockerConfig config(String json) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return DockerConfig.read(file, "config.json");
    }

    private static Optional<RegistryCredential> credential(DockerConfig config, String host) {
        return config.auth(host).flatMap(DockerConfig.AuthEntry::credential);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
