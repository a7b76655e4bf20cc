package io.github.pgimage.core.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretStoreTest {
    @TempDir
    Path dir;

    @Test
    void readsFilesAsBytesAndVariablesAsUtf8() throws Exception {
        byte[] binary = {0, 1, (byte) 0xff, '\n'};
        Path file = Files.write(dir.resolve("key.bin"), binary);
        SecretStore store = SecretStore.load(List.of(SecretSource.file("key", file), SecretSource.env("token", "T")),
                Map.of("T", "grüße")::get);
        assertArrayEquals(binary, store.get("key").orElseThrow());
        assertArrayEquals("grüße".getBytes(StandardCharsets.UTF_8), store.get("token").orElseThrow());
        assertTrue(store.get("other").isEmpty());
        assertEquals(List.of("key", "token"), List.copyOf(store.ids()));
    }

    @Test
    void handsOutCopiesSoACallerCannotAlterTheStore() throws Exception {
        SecretStore store = SecretStore.load(List.of(SecretSource.env("t", "T")), Map.of("T", "abc")::get);
        store.get("t").orElseThrow()[0] = 'x';
        assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), store.get("t").orElseThrow());
    }

    @Test
    void missingFileNamesTheSecretAndThePath() {
        Path absent = dir.resolve("absent.txt");
        MissingSecretException e = assertThrows(MissingSecretException.class,
                () -> SecretStore.load(List.of(SecretSource.file("license", absent)), Map.<String, String>of()::get));
        assertEquals("license", e.secretId());
        assertEquals("Secret 'license' has no value: file " + absent + " does not exist", e.getMessage());
    }

    @Test
    void unsetOrEmptyVariableNamesTheSecretAndTheVariable() {
        MissingSecretException unset = assertThrows(MissingSecretException.class,
                () -> SecretStore.load(List.of(SecretSource.env("token", "REPO_TOKEN")), Map.<String, String>of()::get));
        assertEquals("Secret 'token' has no value: environment variable REPO_TOKEN is not set", unset.getMessage());
        MissingSecretException empty = assertThrows(MissingSecretException.class,
                () -> SecretStore.load(List.of(SecretSource.env("token", "REPO_TOKEN")), Map.of("REPO_TOKEN", "")::get));
        assertEquals("Secret 'token' has no value: environment variable REPO_TOKEN is empty", empty.getMessage());
    }

    @Test
    void rejectsDuplicateIdsAndValuesBuildKitWouldRefuse() throws Exception {
        SecretException twice = assertThrows(SecretException.class, () -> SecretStore.load(
                List.of(SecretSource.env("t", "A"), SecretSource.env("t", "B")), Map.of("A", "a", "B", "b")::get));
        assertTrue(twice.getMessage().contains("'t' is declared twice"), twice.getMessage());

        Path big = Files.write(dir.resolve("big"), new byte[SecretStore.MAX_SECRET_BYTES + 1]);
        SecretException tooBig = assertThrows(SecretException.class,
                () -> SecretStore.load(List.of(SecretSource.file("big", big)), Map.<String, String>of()::get));
        assertFalse(tooBig instanceof MissingSecretException);
        assertTrue(tooBig.getMessage().contains("at most " + SecretStore.MAX_SECRET_BYTES), tooBig.getMessage());
    }

    @Test
    void sourceNeedsExactlyOneOriginAndAPlainId() {
        assertThrows(SecretException.class, () -> new SecretSource("t", dir.resolve("f"), "ENV"));
        assertThrows(SecretException.class, () -> new SecretSource("t", null, null));
        SecretException e = assertThrows(SecretException.class, () -> SecretSource.env("../etc/passwd", "X"));
        assertEquals(java.util.Optional.of("../etc/passwd"), e.value(), "the bad id is carried as data");
        assertThrows(SecretException.class, () -> SecretSource.env("a/b", "X"));
    }

    @Test
    void clearForgetsValuesAndToStringShowsIdsOnly() throws Exception {
        SecretStore store = SecretStore.load(List.of(SecretSource.env("t", "T")), Map.of("T", "s3cr3t-value")::get);
        assertEquals("SecretStore[t]", store.toString());
        store.clear();
        assertTrue(store.get("t").isEmpty());
        assertTrue(store.isEmpty());
    }
}
