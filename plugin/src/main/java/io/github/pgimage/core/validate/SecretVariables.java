package io.github.pgimage.core.validate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Variables a setup file assigns a path under {@code /run/secrets} ({@code SECRETS_DIR=/run/secrets},
 * {@code TOKEN_FILE="/run/secrets/token"}, {@code : "${SECRETS_DIR:=/run/secrets}"}), and the code with them expanded,
 * so that {@code cp "$SECRETS_DIR/apt_auth" …} is seen as what it is: a read of the secret {@code apt_auth}. A
 * variable set in {@code setup/lib} counts for every setup file, one set in a script for that script.
 */
public final class SecretVariables {

    private static final String VALUE = "[\"']?(/run/secrets(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?)/?(?=[\"'\\s;}]|$)";
    /** {@code NAME=value}, also after export/local/readonly/declare, and {@code NAME="${NAME:-value}"}. */
    private static final Pattern ASSIGNED = Pattern.compile(
            "(?:^|[\\s;&|(])(?:(?:export|local|readonly|declare|typeset)\\s+(?:-[A-Za-z]+\\s+)*)?"
                    + "([A-Za-z_][A-Za-z0-9_]*)=[\"']?(?:\\$\\{[A-Za-z_][A-Za-z0-9_]*:?[-=])?" + VALUE);
    /** {@code ${NAME:=value}}, which assigns wherever it is expanded. */
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):?=" + VALUE);
    /** A quote between a path and what is appended to it: {@code "/run/secrets"/apt_auth}. */
    private static final Pattern QUOTE_IN_PATH = Pattern.compile("(/run/secrets(?:/[A-Za-z0-9._-]*)?)[\"']+/[\"']*");

    private SecretVariables() {
    }

    /** Name → the {@code /run/secrets} path it is assigned, the last assignment winning, in order of appearance. */
    public static Map<String, String> in(ShellCode code) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : code.lines()) {
            for (Pattern pattern : List.of(ASSIGNED, DEFAULTED)) {
                Matcher m = pattern.matcher(line);
                while (m.find()) {
                    variables.put(m.group(1), m.group(2));
                }
            }
        }
        return variables;
    }

    /** The code with {@code $NAME} and {@code ${NAME}} of each variable replaced by its path. */
    public static ShellCode expand(ShellCode code, Map<String, String> variables) {
        if (variables.isEmpty()) {
            return code;
        }
        List<Map.Entry<Pattern, String>> uses = variables.entrySet().stream()
                .map(v -> Map.entry(Pattern.compile("\\$(?:\\{" + v.getKey() + "}|" + v.getKey() + "(?![A-Za-z0-9_]))"),
                        Matcher.quoteReplacement(v.getValue())))
                .toList();
        return code.map(line -> {
            String expanded = line;
            for (Map.Entry<Pattern, String> use : uses) {
                expanded = use.getKey().matcher(expanded).replaceAll(use.getValue());
            }
            return expanded.equals(line) ? line : QUOTE_IN_PATH.matcher(expanded).replaceAll("$1/");
        });
    }
}
