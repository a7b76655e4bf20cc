package io.github.pgimage.core.ignore;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a {@code .dockerignore} file, with Docker's documented syntax and semantics (moby's
 * {@code ignorefile} reader and {@code patternmatcher}, which the classic builder and BuildKit share):
 * <ul>
 * <li>a line starting with {@code #} is a comment; blank lines are skipped; each line is trimmed;</li>
 * <li>a pattern is cleaned like Go's {@code path.Clean} ({@code ./a//b/} is {@code a/b}) and a leading
 *     {@code /} is dropped: every pattern is relative to the context root;</li>
 * <li>{@code !pattern} is an exception: it re-includes what earlier lines excluded;</li>
 * <li>the last line that matches a path decides;</li>
 * <li>a pattern that matches a directory matches everything below it ({@code dir} excludes {@code dir/a/b});
 *     an exception can still re-include a file below it ({@code dir} then {@code !dir/keep});</li>
 * <li>wildcards as described in {@link GlobPattern}: {@code *}, {@code ?}, {@code **}, {@code [...]}, {@code \}.</li>
 * </ul>
 * Docker always sends the Dockerfile and the .dockerignore itself, whatever the patterns say; that is for the
 * caller to decide, this class only answers what the patterns say. Instances are immutable and thread-safe.
 */
public final class DockerIgnore {

    private static final DockerIgnore NONE = new DockerIgnore(List.of());
    private static final String UTF8_BOM = "\uFEFF";

    private final List<IgnoreRule> rules;

    private DockerIgnore(List<IgnoreRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** No .dockerignore: nothing is excluded. */
    public static DockerIgnore none() {
        return NONE;
    }

    /**
     * Parses the text of a .dockerignore.
     *
     * @throws DockerIgnoreException naming the line and the pattern when a pattern is malformed, as Docker would
     */
    public static DockerIgnore parse(String text) {
        String[] lines = text.split("\n", -1);
        List<IgnoreRule> rules = new ArrayList<>();
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (n == 0 && line.startsWith(UTF8_BOM)) {
                line = line.substring(UTF8_BOM.length());
            }
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            // Only '#' in the first column starts a comment ("  #x" is the pattern "#x"), as in Docker
            if (line.startsWith("#")) {
                continue;
            }
            line = line.strip();
            if (!line.isEmpty()) {
                rules.add(rule(line, n + 1));
            }
        }
        return rules.isEmpty() ? NONE : new DockerIgnore(rules);
    }

    private static IgnoreRule rule(String line, int lineNumber) {
        boolean exception = line.startsWith("!");
        String pattern = exception ? line.substring(1).strip() : line;
        if (!pattern.isEmpty()) {
            pattern = CleanPath.clean(pattern);
            if (pattern.length() > 1 && pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
        }
        if (exception && (pattern.isEmpty() || pattern.equals("/"))) {
            // Docker cleans "!" + pattern once more, so "!" and "!/" both end up as a bare "!"
            throw new DockerIgnoreException("line " + lineNumber + ": illegal exclusion pattern \"" + line
                    + "\": '!' needs a pattern after it");
        }
        try {
            return new IgnoreRule(pattern, exception, GlobPattern.compile(pattern));
        } catch (IllegalArgumentException e) {
            throw new DockerIgnoreException("line " + lineNumber + ": invalid pattern \"" + line + "\": "
                    + e.getMessage());
        }
    }

    /**
     * Whether the patterns exclude the path from the build context.
     *
     * @param relativePath a '/'-separated path relative to the context root; it is cleaned first, so
     *                     {@code ./a}, {@code /a} and {@code a/} are all {@code a}. The root itself is never
     *                     excluded.
     */
    public boolean isExcluded(String relativePath) {
        if (rules.isEmpty()) {
            return false; // asked for every file of a project, most of which have no .dockerignore
        }
        String path = CleanPath.clean(relativePath);
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty() || path.equals(".") || rules.isEmpty()) {
            return false;
        }
        List<String> parents = new ArrayList<>();
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            parents.add(path.substring(0, slash));
        }
        boolean excluded = false;
        for (IgnoreRule rule : rules) {
            // An exclusion cannot change an excluded path, nor an exception an included one
            if (rule.exception() == excluded && rule.matches(path, parents)) {
                excluded = !rule.exception();
            }
        }
        return excluded;
    }

    /**
     * Whether an exception ({@code !pattern}) matches the path: the file names it as one to keep, which is how a
     * project asks for a file other rules would leave out (a hidden one).
     */
    public boolean reincludes(String relativePath) {
        String path = CleanPath.clean(relativePath);
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        List<String> parents = new ArrayList<>();
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            parents.add(path.substring(0, slash));
        }
        for (IgnoreRule rule : rules) {
            if (rule.exception() && rule.matches(path, parents)) {
                return !isExcluded(relativePath);
            }
        }
        return false;
    }

    /** The effective patterns in file order, cleaned as Docker cleans them; exceptions keep their {@code !}. */
    public List<String> patterns() {
        return rules.stream().map(IgnoreRule::toString).toList();
    }

    @Override
    public String toString() {
        return "DockerIgnore" + patterns();
    }
}
