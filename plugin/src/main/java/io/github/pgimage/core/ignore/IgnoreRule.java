package io.github.pgimage.core.ignore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** One line of a .dockerignore: a compiled pattern, and whether it is an exception ({@code !pattern}). */
final class IgnoreRule {

    private final String pattern;
    private final boolean exception;
    private final Predicate<String> matcher;
    /**
     * The answers for directories: every file below one asks again about each of its ancestors (10,000 files in
     * 100 directories ask 40,000 times about a handful of them), and a glob is a regular expression.
     */
    private final Map<String, Boolean> directories = new ConcurrentHashMap<>();

    IgnoreRule(String pattern, boolean exception, Predicate<String> matcher) {
        this.pattern = pattern;
        this.exception = exception;
        this.matcher = matcher;
    }

    String pattern() {
        return pattern;
    }

    boolean exception() {
        return exception;
    }

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
            if (directories.computeIfAbsent(parent, matcher::test)) {
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
