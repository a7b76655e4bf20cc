package io.github.pgimage.core.ignore;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One cleaned .dockerignore pattern compiled into a matcher for one cleaned, '/'-separated path, with the
 * semantics of moby's patternmatcher (the code Docker and BuildKit both use):
 * <ul>
 * <li>{@code *} is any run of characters except '/'; {@code ?} is one character except '/';</li>
 * <li>{@code **} is any run of characters including '/'; {@code **}{@code /} may also match nothing, so
 *     {@code **}{@code /foo} matches {@code foo} and {@code a/b/foo}; a trailing {@code **} needs something after
 *     the text before it ({@code abc/**} matches {@code abc/x} but not {@code abc});</li>
 * <li>{@code [...]} / {@code [^...]} are character classes of single characters and {@code lo-hi} ranges,
 *     Go's {@code filepath.Match} syntax;</li>
 * <li>{@code \} makes the next character literal;</li>
 * <li>a pattern that starts with {@code **} and is otherwise literal matches every path that ends with that
 *     literal text: {@code **}{@code .log} matches {@code x.log} and {@code a/x.log}. This is what Docker does
 *     (a suffix comparison, not a path-aware one), so we do the same.</li>
 * </ul>
 * Malformed patterns (unterminated or empty class, bad range, trailing {@code \}) are rejected when compiled,
 * where Go's {@code filepath.Match} would report {@code ErrBadPattern}.
 */
final class GlobPattern {

    private GlobPattern() {
    }

    /** @throws IllegalArgumentException with a short reason when the pattern is malformed */
    static Predicate<String> compile(String pattern) {
        if (pattern.startsWith("**/")) {
            // "**/*.md" and its kind: the rest cannot match a '/', so only the last name can match it; testing
            // that name alone spares the regular expression trying every directory prefix of every path
            String name = pattern.substring(3);
            if (!name.isEmpty() && name.indexOf('/') < 0 && name.indexOf('[') < 0 && name.indexOf('\\') < 0
                    && !name.contains("**")) {
                Predicate<String> last = compile(name);
                return path -> last.test(path.substring(path.lastIndexOf('/') + 1));
            }
        }
        StringBuilder regex = new StringBuilder(pattern.length() * 2);
        boolean literal = true; // no wildcard, class or escape apart from a leading "**"
        boolean leadingDoubleStar = false;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                if (i == 0) {
                    leadingDoubleStar = true;
                } else {
                    literal = false;
                }
                i += 2;
                if (i < pattern.length() && pattern.charAt(i) == '/') {
                    i++; // "**/" is "**": it may also stand for no directory at all
                }
                regex.append(i == pattern.length() ? ".*" : "(?:.*/)?");
            } else if (c == '*') {
                regex.append("[^/]*");
                literal = false;
                i++;
            } else if (c == '?') {
                regex.append("[^/]");
                literal = false;
                i++;
            } else if (c == '[') {
                i = appendClass(pattern, i, regex);
                literal = false;
            } else if (c == '\\') {
                if (i + 1 == pattern.length()) {
                    throw new IllegalArgumentException("trailing '\\' escapes nothing");
                }
                int cp = pattern.codePointAt(i + 1);
                appendLiteral(regex, cp);
                literal = false;
                i += 1 + Character.charCount(cp);
            } else {
                int cp = pattern.codePointAt(i);
                appendLiteral(regex, cp);
                i += Character.charCount(cp);
            }
        }

        if (literal && leadingDoubleStar) {
            String suffix = pattern.substring(2);
            // "**/foo" also matches "foo" itself; "**foo" is a plain suffix test, as in Docker
            return path -> path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
        }
        if (literal) {
            return pattern::equals;
        }
        Pattern compiled = Pattern.compile(regex.toString(), Pattern.DOTALL);
        return path -> compiled.matcher(path).matches();
    }

    /** Translates {@code [...]} starting at {@code start}; returns the index after its closing ']'. */
    private static int appendClass(String pattern, int start, StringBuilder regex) {
        int i = start + 1;
        regex.append('[');
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            regex.append('^');
            i++;
        }
        int members = 0;
        while (true) {
            if (i >= pattern.length()) {
                throw new IllegalArgumentException("unterminated character class '[' at position " + (start + 1));
            }
            if (pattern.charAt(i) == ']' && members > 0) {
                regex.append(']');
                return i + 1;
            }
            int[] lo = classChar(pattern, i, start);
            i = lo[1];
            appendLiteral(regex, lo[0]);
            if (i < pattern.length() && pattern.charAt(i) == '-') {
                int[] hi = classChar(pattern, i + 1, start);
                if (hi[0] < lo[0]) {
                    throw new IllegalArgumentException("character range '" + new String(Character.toChars(lo[0]))
                            + "-" + new String(Character.toChars(hi[0])) + "' is backwards");
                }
                i = hi[1];
                regex.append('-');
                appendLiteral(regex, hi[0]);
            }
            members++;
        }
    }

    /** One (possibly escaped) class character at {@code i}: {code point, next index}. */
    private static int[] classChar(String pattern, int i, int classStart) {
        if (i >= pattern.length()) {
            throw new IllegalArgumentException("unterminated character class '[' at position " + (classStart + 1));
        }
        char c = pattern.charAt(i);
        if (c == '-' || c == ']') {
            // Go's filepath.Match: a class may not be empty and '-' / ']' must be escaped inside one
            throw new IllegalArgumentException("'" + c + "' must be escaped inside a character class (position "
                    + (i + 1) + ")");
        }
        if (c == '\\') {
            i++;
            if (i >= pattern.length()) {
                throw new IllegalArgumentException("unterminated character class '[' at position " + (classStart + 1));
            }
        }
        int cp = pattern.codePointAt(i);
        return new int[] {cp, i + Character.charCount(cp)};
    }

    private static void appendLiteral(StringBuilder regex, int cp) {
        if (cp < 0x80 && !Character.isLetterOrDigit(cp)) {
            regex.append('\\'); // Java lets any non-letter ASCII character be escaped to stand for itself
        }
        regex.appendCodePoint(cp);
    }
}
