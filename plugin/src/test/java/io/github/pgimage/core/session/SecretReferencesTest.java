package io.github.pgimage.core.session;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void namesEachScriptThatReadsAnUndeclaredSecret() {
        Map<String, String> scripts = new LinkedHashMap<>();
        scripts.put("setup/scripts/01-repo.sh", "cat /run/secrets/repo-token /run/secrets/gpg-key");
        scripts.put("setup/scripts/02-plain.sh", "echo hello");
        scripts.put("setup/scripts/03-license.sh", "cp /run/secrets/license /tmp/x");
        UndeclaredSecretException e = assertThrows(UndeclaredSecretException.class,
                () -> SecretReferences.requireDeclared(scripts, Set.of("repo-token")));
        assertEquals(Map.of("setup/scripts/01-repo.sh", List.of("gpg-key"), "setup/scripts/03-license.sh", List.of("license")),
                e.usesByScript());
        assertEquals("Setup scripts read secrets that are not declared: setup/scripts/01-repo.sh reads"
                + " /run/secrets/gpg-key; setup/scripts/03-license.sh reads /run/secrets/license. Declare each as"
                + " <secrets><secret><id>ID</id><file>…</file> or <env>…</env></secret></secrets>.", e.getMessage());
        assertDoesNotThrow(() -> SecretReferences.requireDeclared(scripts, Set.of("repo-token", "gpg-key", "license")));
    }
}
