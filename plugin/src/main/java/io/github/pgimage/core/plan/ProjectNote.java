package io.github.pgimage.core.plan;

import java.util.Objects;

/**
 * How the plugin read a file that could be read two ways, for the log's information lines: nothing to fix, but the
 * user should know ({@code setup/scripts/10_postgis.sh: '_' read as the end of its number 10}).
 *
 * @param where a path relative to the source directory
 * @param what  how it was read
 */
public record ProjectNote(String where, String what) {

    public ProjectNote {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(what, "what");
    }

    @Override
    public String toString() {
        return where + ": " + what;
    }
}
