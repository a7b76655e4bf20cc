package io.github.pgimage.core.validate;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build secrets a setup file reads, as opposed to the runtime paths under {@code /run/secrets/} it only
 * mentions. A read is a mention in code ({@code cat /run/secrets/x}, {@code < /run/secrets/x},
 * {@code $(cat …)}, {@code . /run/secrets/x}, {@code TOKEN_FILE=/run/secrets/x}, any tool given the path), also
 * through a variable assigned a {@code /run/secrets} path ({@link SecretVariables}); not a read are comments,
 * here-documents, every shell test ({@code [ -f … ]}, {@code [[ -r … ]]}, {@code test -s …}: a script that checks
 * whether a secret was given does not need it) and commands that only prepare a path for the running container:
 * {@code ln -s /run/secrets/postgres/pgpass …}, {@code mkdir}, {@code echo}/{@code printf} of the path.
 */
final class SecretReads {

    private static final Pattern MENTION = Pattern.compile("/run/secrets/([A-Za-z0-9][A-Za-z0-9._-]*)");
    private static final Set<String> PREPARE_ONLY = Set.of("ln", "mkdir", "echo", "printf", "test", "[", "[[", ":");
    /** Words that start a command list without being the command. */
    private static final Set<String> KEYWORDS = Set.of("if", "then", "elif", "else", "while", "until", "do", "!", "{",
            "time");
    private static final Pattern LEADING_ASSIGNMENT = Pattern.compile("^\\s*[A-Za-z_][A-Za-z0-9_]*=\\S*\\s+");

    private SecretReads() {
    }

    /** Secret id → 1-based line of its first read, in id order. */
    static Map<String, Integer> in(ShellCode code) {
        Map<String, Integer> reads = new TreeMap<>();
        for (int i = 0; i < code.lines().size(); i++) {
            String line = code.lines().get(i);
            Matcher m = MENTION.matcher(line);
            while (m.find()) {
                String id = m.group(1).replaceAll("[.]+$", "");
                if (isRead(line, m.start())) {
                    reads.putIfAbsent(id, i + 1);
                }
            }
        }
        return reads;
    }

    private static boolean isRead(String line, int mention) {
        String before = line.substring(0, mention);
        // A redirection from the file is a read whatever the command.
        if (before.replaceAll("[\\s\"']+$", "").endsWith("<")) {
            return true;
        }
        if (insideDoubleBrackets(before)) {
            return false;
        }
        int start = Math.max(Math.max(before.lastIndexOf(';'), before.lastIndexOf('|')),
                Math.max(Math.max(before.lastIndexOf('&'), before.lastIndexOf('(')), before.lastIndexOf('`')));
        String command = before.substring(start + 1);
        String stripped = command;
        for (Matcher a = LEADING_ASSIGNMENT.matcher(stripped); a.find(); a = LEADING_ASSIGNMENT.matcher(stripped)) {
            stripped = stripped.substring(a.end());
        }
        String[] words = stripped.strip().split("\\s+");
        int first = 0;
        while (first < words.length - 1 && KEYWORDS.contains(words[first])) {
            first++;
        }
        return !PREPARE_ONLY.contains(words[first]);
    }

    /**
     * Whether the mention is an operand of a {@code [[ … ]]} test, where {@code &&} and {@code ||} join tests rather
     * than commands; a command substitution inside it still runs its command.
     */
    private static boolean insideDoubleBrackets(String before) {
        int open = before.lastIndexOf("[[");
        if (open < 0 || before.indexOf("]]", open) >= 0) {
            return false;
        }
        String inside = before.substring(open);
        return !inside.contains("$(") && !inside.contains("`");
    }
}
