package io.github.pgimage.core.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of a shell script that are code: comments removed, here-document bodies blanked (they are data written
 * somewhere, not commands), line numbers kept. Not a shell parser: it knows quotes, {@code #} comments and
 * here-documents, which is what the rules need to tell a path a script uses from one it only mentions.
 */
public final class ShellCode {

    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\1");

    private final List<String> lines;

    private ShellCode(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    public static ShellCode of(String text) {
        List<String> code = new ArrayList<>();
        String endOfHeredoc = null;
        boolean tabsStripped = false;
        for (String line : text.split("\n", -1)) {
            if (endOfHeredoc != null) {
                String candidate = tabsStripped ? line.replaceFirst("^\t+", "") : line;
                if (candidate.equals(endOfHeredoc) || candidate.equals(endOfHeredoc + "\r")) {
                    endOfHeredoc = null;
                }
                code.add("");
                continue;
            }
            String stripped = withoutComment(line);
            Matcher heredoc = HEREDOC.matcher(stripped);
            if (heredoc.find()) {
                endOfHeredoc = heredoc.group(2);
                tabsStripped = heredoc.group().startsWith("<<-");
            }
            code.add(stripped);
        }
        return new ShellCode(code);
    }

    /** The same code with each line rewritten (line numbers kept): variables expanded, for instance. */
    public ShellCode map(java.util.function.UnaryOperator<String> rewrite) {
        return new ShellCode(lines.stream().map(rewrite).toList());
    }

    /** The code lines, index 0 being line 1. */
    public List<String> lines() {
        return lines;
    }

    /** 1-based number of the first code line on which {@code pattern} is found, or 0. */
    public int firstLineMatching(Pattern pattern) {
        for (int i = 0; i < lines.size(); i++) {
            if (pattern.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Whether {@code word} occurs in the code as a whole word (a variable name: {@code $PG_MAJOR}, {@code ${PG_MAJOR:-15}}). */
    public boolean namesWord(String word) {
        Pattern p = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(word) + "(?![A-Za-z0-9_])");
        return firstLineMatching(p) > 0;
    }

    /**
     * The line with what quotes enclose blanked (the quote characters stay): single-quoted text always, since the
     * shell never looks into it, double-quoted text too when {@code doubleQuoted} (for rules about commands, not
     * expansions, which double quotes still carry).
     */
    public static String blankQuoted(String line, boolean doubleQuoted) {
        StringBuilder out = new StringBuilder(line.length());
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && !single && i + 1 < line.length()) {
                out.append(dbl && doubleQuoted ? "  " : line.substring(i, i + 2));
                i++;
            } else if (c == '\'' && !dbl) {
                single = !single;
                out.append(c);
            } else if (c == '"' && !single) {
                dbl = !dbl;
                out.append(c);
            } else {
                out.append(single || (dbl && doubleQuoted) ? ' ' : c);
            }
        }
        return out.toString();
    }

    /**
     * The line without its comment: a {@code #} that starts a word outside quotes ({@code $#}, {@code ${x#y}} and
     * {@code "#"} are not comments).
     */
    static String withoutComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && !single) {
                i++;
            } else if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1))
                    || line.charAt(i - 1) == ';')) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
