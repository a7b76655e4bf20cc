package io.github.pgimage.core.buildkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import io.github.pgimage.core.session.SecretSource;
import io.github.pgimage.core.session.SecretStore;

class PodmanSecretsTest {

    @Test
    void secretsRideInFrontOfTheContextAsFilesNamedInTheParameter() throws Exception {
        SecretStore store = SecretStore.load(List.of(SecretSource.env("token", "T")), Map.of("T", "abc123")::get);
        PodmanSecrets secrets = PodmanSecrets.of(store);
        String path = secrets.paths().get("token");
        assertTrue(path.startsWith(".pgimage-secret-"), path);

        List<String> names = new ArrayList<>();
        String value = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(secrets.prependTo(new ByteArrayInputStream(context())))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
                if (entry.getName().equals(path)) {
                    value = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                    assertEquals(0600, entry.getMode() & 0777);
                }
            }
        }
        assertEquals(List.of(path, "Dockerfile"), names);
        assertEquals("abc123", value);
        assertArrayEquals("abc123".getBytes(StandardCharsets.UTF_8), store.get("token").orElseThrow(),
                "the store keeps its value");
    }

    @Test
    void noSecretsLeaveTheContextAlone() {
        InputStream context = new ByteArrayInputStream(new byte[0]);
        assertSame(context, PodmanSecrets.of(SecretStore.empty()).prependTo(context));
        assertNull(PodmanSecrets.of(SecretStore.empty()).paths().get("token"));
    }

    private static byte[] context() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] dockerfile = "FROM debian:bookworm-slim\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("Dockerfile");
            entry.setSize(dockerfile.length);
            tar.putArchiveEntry(entry);
            tar.write(dockerfile);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
