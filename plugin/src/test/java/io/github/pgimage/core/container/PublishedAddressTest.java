package io.github.pgimage.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.engine.EngineEndpoint;

class PublishedAddressTest {
    private static PublishedAddress of(String host) {
        return PublishedAddress.forEndpoint(new EngineEndpoint(URI.create(host), null, "test", List.of()));
    }

    @Test
    void aLocalEnginePublishesOnLoopbackOnly() {
        assertEquals(new PublishedAddress("127.0.0.1", "127.0.0.1"), of("unix:///var/run/docker.sock"));
        assertEquals(new PublishedAddress("127.0.0.1", "127.0.0.1"), of("tcp://127.0.0.1:2376"));
        assertEquals(new PublishedAddress("127.0.0.1", "127.0.0.1"), of("tcp://localhost:2375"));
        assertEquals(new PublishedAddress("127.0.0.1", "127.0.0.1"), of("ssh://me@127.0.0.1:2222"));
    }

    @Test
    void aRemoteEnginePublishesOnItsHostsAddresses() {
        assertEquals(new PublishedAddress("0.0.0.0", "docker.example.org"), of("tcp://docker.example.org:2376"));
        assertEquals(new PublishedAddress("0.0.0.0", "10.1.2.3"), of("tcp://10.1.2.3:2375"));
        assertEquals(new PublishedAddress("0.0.0.0", "build-host.example.org"), of("ssh://me@build-host.example.org"));
    }
}
