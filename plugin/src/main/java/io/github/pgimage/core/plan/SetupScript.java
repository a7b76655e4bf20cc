package io.github.pgimage.core.plan;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numbered script of the setup layer ({@code setup/scripts/NN-name.sh} or {@code setup/build/NN-name.sh})
 * or of the entrypoint layer ({@code entrypoint.d/scripts/NN-name.sh}). The number ends at {@code -} or at
 * {@code _}: {@code 000_install_timescaledb.sh} and {@code 10_postgis.sh} are the names two well-known PostgreSQL
 * images give their scripts, and they are ordered by their digits exactly like {@code 10-postgis.sh}.
 *
 * @param path   path relative to the source directory, with '/' separators
 * @param prefix the {@code NN} ordering prefix
 */
public record SetupScript(String path, String prefix) implements Comparable<SetupScript> {

    private static final Pattern NUMBERED = Pattern.compile("(\\d+)([-_])[^/]+\\.sh");

    public SetupScript {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(prefix, "prefix");
    }

    /** The numbering prefix of a file name such as {@code 03-install-postgresql.sh}, if it has one. */
    public static Optional<String> prefixOf(String fileName) {
        Matcher m = NUMBERED.matcher(fileName);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether the number ends at {@code _} ({@code 10_postgis.sh}) rather than at {@code -}. */
    public static boolean underscoreSeparated(String fileName) {
        Matcher m = NUMBERED.matcher(fileName);
        return m.matches() && m.group(2).equals("_");
    }

    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The {@code NN} prefix as a number: {@code 2} and {@code 02} are the same place in the order. */
    public java.math.BigInteger number() {
        return new java.math.BigInteger(prefix);
    }

    /**
     * Numeric order of the prefixes ({@code 2-x.sh} before {@code 10-y.sh}), the same order the clash rule
     * ({@code 1-} and {@code 01-} clash) and the default entrypoint use; the path only breaks ties.
     */
    @Override
    public int compareTo(SetupScript other) {
        int byNumber = number().compareTo(other.number());
        return byNumber != 0 ? byNumber : path.compareTo(other.path);
    }
}
