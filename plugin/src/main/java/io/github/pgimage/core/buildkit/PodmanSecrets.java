package io.github.pgimage.core.buildkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import io.github.pgimage.core.session.SecretStore;

/**
 * Build secrets the way Podman's compatible {@code /build} takes them (as {@code podman-remote} sends them): each
 * value as a file in the context tar, named in the {@code secrets} parameter ({@code id=…,src=…}); Podman moves
 * those files out of the context directory before Buildah starts, so no instruction can copy them, and mounts them
 * at {@code /run/secrets/<id>} only for the steps that ask. The entries are made in memory and put in front of the
 * context tar as it is streamed: the secret never reaches a file on this side, nor the saved context.tar.
 */
final class PodmanSecrets {
    static final PodmanSecrets NONE = new PodmanSecrets(Map.of(), new byte[0]);

    private final Map<String, String> paths;
    private final byte[] entries;

    private PodmanSecrets(Map<String, String> paths, byte[] entries) {
        this.paths = paths;
        this.entries = entries;
    }

    static PodmanSecrets of(SecretStore secrets) {
        if (secrets.isEmpty()) {
            return NONE;
        }
        Map<String, String> paths = new LinkedHashMap<>();
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (String id : secrets.ids()) {
            byte[] value = secrets.get(id).orElseThrow();
            // a name of its own per build: Podman moves it next to the context directory, where builds may meet
            String path = ".pgimage-secret-" + UUID.randomUUID();
            paths.put(id, path);
            TarArchiveEntry entry = new TarArchiveEntry(path);
            entry.setSize(value.length);
            entry.setMode(0100600);
            byte[] header = new byte[512];
            entry.writeEntryHeader(header);
            tar.writeBytes(header);
            tar.writeBytes(value);
            tar.writeBytes(new byte[(512 - value.length % 512) % 512]);
            Arrays.fill(value, (byte) 0);
        }
        return new PodmanSecrets(Map.copyOf(paths), tar.toByteArray());
    }

    /** Secret id to the path of its file in the context. */
    Map<String, String> paths() {
        return paths;
    }

    /** The secret entries, then the context tar (whose end-of-archive blocks end both). */
    InputStream prependTo(InputStream contextTar) {
        return entries.length == 0 ? contextTar
                : new SequenceInputStream(new ByteArrayInputStream(entries), contextTar);
    }
}
