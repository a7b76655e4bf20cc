package io.github.pgimage.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.session.RegistryCredential;

class SettingsServersTest {

    @Test
    void anIdMatchesTheRegistryInAnySpellingAndTheOriginKeepsItAsWritten() {
        SettingsServers servers = new SettingsServers().add("https://Registry.Example.com:5000/", "u", "p");

        FoundCredential found = servers.find("registry.example.com:5000").orElseThrow();
        assertEquals(new RegistryCredential("u", "p"), found.credential());
        assertEquals("settings.xml server 'https://Registry.Example.com:5000/'", found.origin());
    }

    @Test
    void dockerHubServersAnswerForEveryNameOfDockerHub() {
        SettingsServers servers = new SettingsServers().add("docker.io", "u", "p");
        assertTrue(servers.find("registry-1.docker.io").isPresent());
    }

    @Test
    void theFirstServerForARegistryWinsAndIncompleteOnesAreSkipped() {
        SettingsServers servers = new SettingsServers()
                .add("localhost:5000", "no-password", null)
                .add("localhost:5000", "first", "1")
                .add("http://localhost:5000", "second", "2")
                .add("not a url://", "x", "y");

        assertEquals("first", servers.find("localhost:5000").orElseThrow().credential().username());
    }
}
