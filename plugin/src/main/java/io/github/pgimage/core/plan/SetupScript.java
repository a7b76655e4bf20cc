package io.github.pgimage.core.plan;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numbered script of the setup layer ({@code setup/scripts/NN-name.sh} or {@code setup/build/NN-name.sh})
 * or of the entrypoint layer ({@code entrypoint.d/scripts/NN-name.sh}).
 *
 * @param path   path relative to the source directory, with '/' separators
 * @param prefix the {@code NN} ordering prefix
 */
public record SetupScript(String path, String prefix) implements Comparable<SetupScript> {

    private static final Pattern NUMBERED = Pattern.compile("(\\d+)-[^/]+\\.sh");

    public SetupScript {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(prefix, "prefix");
    }

    /** The numbering prefix of a file name such as {@code 03-install-postgresql.sh}, if it has one. */
    public static Optional<String> prefixOf(String fileName) {
        Matcher m = NUMBERED.matcher(fileName);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public int compareTo(SetupScript other) {
        return path.compareTo(other.path);
    }
}
