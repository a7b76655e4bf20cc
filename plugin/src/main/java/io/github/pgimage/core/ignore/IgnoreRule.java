package io.github.pgimage.core.ignore;

import java.util.List;
import java.util.function.Predicate;

/** One line of a .dockerignore: a compiled pattern, and whether it is an exception ({@code !pattern}). */
record IgnoreRule(String pattern, boolean exception, Predicate<String> matcher) {

    /**
     * Whether the rule matches the path or one of its parent directories: a rule that matches a directory
     * matches everything below it, so {@code dir} covers {@code dir/a/b} and {@code !dir} re-includes it.
     *
     * @param parents the path's ancestors, outermost first ({@code a}, {@code a/b} for {@code a/b/c})
     */
    boolean matches(String path, List<String> parents) {
        if (matcher.test(path)) {
            return true;
        }
        for (String parent : parents) {
            if (matcher.test(parent)) {
                return true;
            }
        }
        return false;
    }

    /** The rule as Docker lists it, with its leading {@code !} when it is an exception. */
    @Override
    public String toString() {
        return exception ? "!" + pattern : pattern;
    }
}
