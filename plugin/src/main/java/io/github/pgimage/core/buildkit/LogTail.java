package io.github.pgimage.core.buildkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines of a step's output. BuildKit sends output in chunks that split lines (and UTF-8
 * characters) anywhere, so bytes are kept until their line is complete.
 */
final class LogTail {
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    LogTail(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a chunk and returns the lines it completed. */
    List<String> append(byte[] chunk) {
        List<String> completed = new ArrayList<>();
        for (byte b : chunk) {
            if (b == '\n') {
                String line = clean(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
                remember(line);
                completed.add(line);
            } else {
                partial.write(b);
            }
        }
        return completed;
    }

    /** The remembered lines, oldest first, including an unfinished last line. */
    List<String> lines() {
        List<String> result = new ArrayList<>(lines);
        if (partial.size() > 0) {
            result.add(clean(partial.toString(StandardCharsets.UTF_8)));
            if (result.size() > capacity) {
                result.remove(0);
            }
        }
        return result;
    }

    private void remember(String line) {
        lines.addLast(line);
        if (lines.size() > capacity) {
            lines.removeFirst();
        }
    }

    /** A carriage return redraws the line on a terminal: only what follows the last one is visible. */
    private static String clean(String line) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        int cr = text.lastIndexOf('\r');
        return cr >= 0 ? text.substring(cr + 1) : text;
    }
}
