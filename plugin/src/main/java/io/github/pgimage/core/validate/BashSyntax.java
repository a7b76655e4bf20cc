package io.github.pgimage.core.validate;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the first line of shell code that needs bash: what dash (Debian's and Ubuntu's {@code sh}) and busybox's
 * {@code ash} refuse with a syntax error ({@code ${!var}}, arrays, {@code [[ ]]}, {@code <<<}), or lack as a
 * builtin ({@code source}, {@code declare}, {@code let}, {@code printf -v}). Fragments written for docker-library's
 * entrypoint use all of these. Not a parser: each construct is a pattern on a code line (comments and here-document
 * bodies are gone, quoted text is blanked where the shell does not look into it), so a construct inside a string
 * never counts.
 */
final class BashSyntax {

    /** Where a command word starts: the line's start, after an operator, or after a keyword that takes a command. */
    private static final String COMMAND = "(?:^|[;&|({!]|\\b(?:then|do|else|elif|if|while|until|time))\\s*";

    /** A construct and how a message names it. */
    private record Construct(String name, Pattern pattern, boolean inExpansions) {
    }

    private static final List<Construct> CONSTRUCTS = List.of(
            command("[[ ]]", "\\[\\[(?=\\s)"),
            command("(( ))", "\\(\\("),
            command("function", "function\\s+[A-Za-z_][A-Za-z0-9_:-]*"),
            command("source", "source(?=\\s)"),
            command("declare", "(?:declare|typeset)\\b"),
            command("let", "let\\s"),
            command("an array assignment", "(?:export\\s+|local\\s+|readonly\\s+)?[A-Za-z_][A-Za-z0-9_]*(?:\\[[^]]*])?\\+?=\\("),
            command("+=", "(?:export\\s+|local\\s+)?[A-Za-z_][A-Za-z0-9_]*\\+="),
            command("shopt", "shopt\\b"),
            command("mapfile", "(?:mapfile|readarray)\\b"),
            command("pushd", "(?:pushd|popd)\\b"),
            command("local with options", "local\\s+-"),
            command("export -f/-n", "export\\s+-[A-Za-z]*[fn]"),
            command("read with bash options", "read\\s+(?:-[A-Za-z]*\\s+)*-[A-Za-z]*[adinNstu]"),
            command("printf -v", "printf\\s+-v\\b"),
            command("set -o pipefail", "set\\s+(?:-[A-Za-z]+\\s+)*-[A-Za-z]*o\\s+pipefail"),
            command("trap ERR", "trap\\s.*\\bERR\\b"),
            any("<<<", "<<<", false),
            any("&>", "(?<![>&0-9])&>", false),
            any("process substitution", "(?:^|\\s)[<>]\\(", false),
            any("== in [ ]", "(?:^|\\s)\\[\\s[^]]*\\s==\\s", false),
            any("$'…'", "(?<![\\\\$])\\$'", true),
            any("${!…}", "\\$\\{!", true),
            any("${name[…]}", "\\$\\{#?[A-Za-z_][A-Za-z0-9_]*\\[", true),
            any("${name/…/…}", "\\$\\{[A-Za-z_][A-Za-z0-9_]*/", true),
            any("${name:offset}", "\\$\\{(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+):(?:[0-9]|\\s)", true),
            any("${name^^} or ${name,,}", "\\$\\{[A-Za-z_][A-Za-z0-9_]*(?:\\^|,)", true));

    private BashSyntax() {
    }

    /** The first code line (1-based) that needs bash, and the construct's name; empty when sh reads the code. */
    static Optional<Found> firstIn(ShellCode code) {
        List<String> lines = code.lines();
        for (int i = 0; i < lines.size(); i++) {
            String expansions = ShellCode.blankQuoted(lines.get(i), false);
            String commands = ShellCode.blankQuoted(lines.get(i), true);
            for (Construct construct : CONSTRUCTS) {
                if (construct.pattern().matcher(construct.inExpansions() ? expansions : commands).find()) {
                    return Optional.of(new Found(i + 1, construct.name()));
                }
            }
        }
        return Optional.empty();
    }

    /** @param line 1-based line number */
    record Found(int line, String construct) {
    }

    private static Construct command(String name, String word) {
        return new Construct(name, Pattern.compile(COMMAND + word), false);
    }

    private static Construct any(String name, String regex, boolean inExpansions) {
        return new Construct(name, Pattern.compile(regex), inExpansions);
    }
}
