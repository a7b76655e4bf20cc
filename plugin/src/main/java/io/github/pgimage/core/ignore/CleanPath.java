package io.github.pgimage.core.ignore;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Lexical path normalisation as Go's {@code path.Clean} does it, which Docker applies to every .dockerignore
 * pattern and to every path it matches: repeated slashes collapse, {@code .} elements go, {@code x/..} pairs
 * cancel, a trailing slash goes, and an empty result is {@code "."}. No file system is consulted.
 */
final class CleanPath {

    private CleanPath() {
    }

    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        Deque<String> kept = new ArrayDeque<>();
        int leadingDotDots = 0;
        for (String element : path.split("/", -1)) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                if (!kept.isEmpty()) {
                    kept.removeLast();
                } else if (!rooted) {
                    // "../x" stays as written: relative paths may climb; "/.." is just "/"
                    leadingDotDots++;
                }
                continue;
            }
            kept.addLast(element);
        }
        StringBuilder out = new StringBuilder(path.length());
        if (rooted) {
            out.append('/');
        }
        for (int i = 0; i < leadingDotDots; i++) {
            appendElement(out, "..", rooted);
        }
        for (String element : kept) {
            appendElement(out, element, rooted);
        }
        return out.length() == 0 ? "." : out.toString();
    }

    private static void appendElement(StringBuilder out, String element, boolean rooted) {
        if (out.length() > (rooted ? 1 : 0)) {
            out.append('/');
        }
        out.append(element);
    }
}
