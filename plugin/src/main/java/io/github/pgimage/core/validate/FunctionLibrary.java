package io.github.pgimage.core.validate;

import java.util.regex.Pattern;

/**
 * Tells a library from a script: a file whose top level only defines functions and sets variables (and options, and
 * loads other files) does nothing when it runs in a process of its own; only sourcing it leaves its functions and
 * variables behind. Bitnami's {@code libpostgresql.sh} and docker-library's helper fragments are such files, shebang
 * line or not. Not a parser: function bodies are skipped by counting braces outside quotes.
 */
final class FunctionLibrary {

    private static final Pattern FUNCTION = Pattern.compile(
            "^\\s*(?:function\\s+[A-Za-z_][A-Za-z0-9_:.-]*\\s*(?:\\(\\s*\\))?|[A-Za-z_][A-Za-z0-9_:.-]*\\s*\\(\\s*\\))\\s*(?:\\{.*)?$");
    private static final Pattern DECLARATION = Pattern.compile(
            "^\\s*(?:export|readonly|declare|typeset|local|unset)(?:\\s+\\S+)*\\s*$");
    private static final Pattern OPTION = Pattern.compile("^\\s*(?:set|shopt)\\s+[-+].*$");
    private static final Pattern LOADS = Pattern.compile("^\\s*(?:\\.|source)\\s+\\S+\\s*$");
    /** {@code : "${NAME:=default}"}: assigns a default and does nothing else. */
    private static final Pattern DEFAULTS = Pattern.compile("^\\s*:(?:\\s+\"?\\$\\{[A-Za-z_][A-Za-z0-9_]*:?=[^}]*}\"?)+\\s*$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*(?:\\[[^]]*])?\\+?=(?:\\(|[^\\s(]*)");
    /** Command substitutions and parameter expansions, innermost first: their braces are not blocks. */
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\([^()]*\\)|`[^`]*`|\\$\\{[^{}]*}");

    private FunctionLibrary() {
    }

    /** Whether the top level of the code only defines (at least one function or variable) and nothing else. */
    static boolean definesOnly(ShellCode code) {
        int depth = 0;
        boolean awaitingBody = false;
        boolean defines = false;
        for (String raw : code.lines()) {
            String line = compact(raw);
            if (line.isBlank()) {
                continue;
            }
            if (depth == 0 && !awaitingBody) {
                if (FUNCTION.matcher(line).matches()) {
                    defines = true;
                    awaitingBody = !line.contains("{");
                } else if (isAssignment(line) || DEFAULTS.matcher(raw).matches()) {
                    defines = true;
                    continue;
                } else if (DECLARATION.matcher(line).matches() || OPTION.matcher(line).matches()
                        || LOADS.matcher(line).matches()) {
                    continue;
                } else {
                    return false; // a command that does something when the file runs
                }
            }
            if (awaitingBody && line.contains("{")) {
                awaitingBody = false;
            }
            depth += count(line, '{') - count(line, '}');
            if (depth < 0) {
                return false;
            }
        }
        return defines && depth == 0;
    }

    /** Quoted text and command substitutions reduced to placeholders, so that words and braces can be counted. */
    private static String compact(String line) {
        String blanked = ShellCode.blankQuoted(line, true).replaceAll("\"[^\"]*\"", "\"\"").replaceAll("'[^']*'", "''");
        String previous;
        do {
            previous = blanked;
            blanked = SUBSTITUTION.matcher(blanked).replaceAll("\\$_");
        } while (!blanked.equals(previous));
        return blanked;
    }

    /** One or more assignments and nothing after them ({@code A=1 B=2}, not {@code A=1 command}). */
    private static boolean isAssignment(String line) {
        String rest = line.strip();
        boolean any = false;
        while (!rest.isEmpty()) {
            var m = ASSIGNMENT.matcher(rest);
            if (!m.lookingAt()) {
                return false;
            }
            any = true;
            rest = rest.substring(m.end());
            if (m.group().endsWith("=(")) {
                int close = rest.indexOf(')'); // an array: its words up to the parenthesis
                if (close < 0) {
                    return false;
                }
                rest = rest.substring(close + 1);
            }
            rest = rest.strip();
            if (rest.startsWith(";")) {
                rest = rest.substring(1).strip();
            }
        }
        return any;
    }

    private static int count(String line, char c) {
        return (int) line.chars().filter(ch -> ch == c).count();
    }
}
