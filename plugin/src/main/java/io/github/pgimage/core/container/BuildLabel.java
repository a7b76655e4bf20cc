package io.github.pgimage.core.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The label every container and volume started for one build carries. Its value names the project and the
 * folder it lives in, so two checkouts of the same project (or two projects) never remove each other's
 * containers, while a later run of the same checkout finds the leftovers of a crashed one.
 *
 * @param value {@code groupId:artifactId@<first 16 hex digits of the SHA-256 of the real basedir path>}
 */
public record BuildLabel(String value) {
    public static final String KEY = "io.github.pgimage.build";

    public BuildLabel {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a build label needs a value");
        }
    }

    public static BuildLabel of(String groupId, String artifactId, Path basedir) {
        return new BuildLabel(groupId + ":" + artifactId + "@" + pathHash(basedir));
    }

    /** The label as the engine's {@code label} filter wants it. */
    public String filter() {
        return KEY + "=" + value;
    }

    public Map<String, String> asMap() {
        return Map.of(KEY, value);
    }

    /** The real path, so that a symlinked or relative spelling of the same folder gives the same label. */
    private static String pathHash(Path basedir) {
        String path;
        try {
            path = basedir.toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve the project folder " + basedir, e);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return filter();
    }
}
