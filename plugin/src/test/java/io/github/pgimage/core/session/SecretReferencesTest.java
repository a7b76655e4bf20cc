package io.github.pgimage.core.session;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecretReferencesTest {
    @Test
    void findsIdsByTheirMountPath() {
        String script = """
                #!/bin/sh
                TOKEN="$(cat /run/secrets/repo-token)"
                curl -H @/run/secrets/headers.txt https://example.org
                # the license is read from /run/secrets/license.
                """;
        assertEquals(Set.of("repo-token", "headers.txt", "license"), SecretReferences.in(script));
    }
}
