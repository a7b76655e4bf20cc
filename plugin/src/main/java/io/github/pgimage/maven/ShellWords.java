package io.github.pgimage.maven;

import java.util.regex.Pattern;

/**
 * Words for a command line the plugin prints for the user to paste into a POSIX shell ({@code watch}'s psql line):
 * a word the shell would split, expand or glob is put in single quotes, inside which nothing is special but the
 * quote itself, written {@code '\''}.
 */
final class ShellWords {
    /** Characters no POSIX shell treats specially anywhere in a word. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellWords() {
    }

    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
