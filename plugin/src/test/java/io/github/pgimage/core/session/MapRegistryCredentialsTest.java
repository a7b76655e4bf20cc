package io.github.pgimage.core.session;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapRegistryCredentialsTest {
    @Test
    void matchesByHostAndPortWhateverTheKeyLooksLike() {
        MapRegistryCredentials logins = new MapRegistryCredentials()
                .put("http://LocalHost:5000/v2/", "u", "p")
                .put("https://index.docker.io/v1/", "hub", "token");
        assertEquals(Optional.of(new RegistryCredential("u", "p")), logins.lookup("localhost:5000"));
        assertTrue(logins.lookup("localhost:5001").isEmpty());
        // BuildKit asks for Docker Hub as registry-1.docker.io.
        assertEquals("hub", logins.lookup("registry-1.docker.io").orElseThrow().username());
        assertEquals("hub", logins.lookup("docker.io").orElseThrow().username());
    }

    @Test
    void neverPrintsTheSecret() {
        String text = new MapRegistryCredentials().put("r.example", "u", "s3cret").lookup("r.example").orElseThrow().toString();
        assertFalse(text.contains("s3cret"), text);
        assertTrue(RegistryCredentials.none().lookup("r.example").isEmpty());
    }
}
