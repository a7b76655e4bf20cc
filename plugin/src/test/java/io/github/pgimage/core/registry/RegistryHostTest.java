package io.github.pgimage.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryHostTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "localhost:5000, localhost:5000",
            "https://localhost:5000, localhost:5000",
            "http://localhost:5000/v1/, localhost:5000",
            "https://LocalHost:5000/v2/, localhost:5000",
            "registry.example.com/some/path, registry.example.com",
            "https://index.docker.io/v1/, docker.io",
            "index.docker.io, docker.io",
            "registry-1.docker.io, docker.io",
            "docker.io, docker.io",
            "' ghcr.io ', ghcr.io",
    })
    void keysAreComparedByHostAndPortOnly(String key, String host) {
        assertEquals(host, RegistryHost.normalize(key));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "localhost:5000, localhost:5000",
            "https://localhost:5000/, localhost:5000",
            "docker.io, https://index.docker.io/v1/",
            "registry-1.docker.io, https://index.docker.io/v1/",
    })
    void dockerHubKeepsItsLegacyServerAddress(String host, String address) {
        assertEquals(address, RegistryHost.serverAddress(host));
    }
}
