package io.github.pgimage.core.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the secrets setup scripts read, by their path {@code /run/secrets/<id>}, so that a script that
 * reads an undeclared secret fails before the build with a message naming the script, instead of
 * deep inside the build with "No such file or directory".
 */
public final class SecretReferences {
    private static final Pattern USE = Pattern.compile("/run/secrets/([A-Za-z0-9][A-Za-z0-9._-]*)");

    private SecretReferences() {
    }

    /** The ids a script's text names as {@code /run/secrets/<id>}, sorted. */
    public static Set<String> in(String scriptText) {
        Set<String> ids = new TreeSet<>();
        Matcher m = USE.matcher(scriptText);
        while (m.find()) {
            // "/run/secrets/token." at the end of a sentence in a comment: the dot is not part of the id.
            ids.add(m.group(1).replaceAll("[.]+$", ""));
        }
        return ids;
    }

    /**
     * @param scripts  script name (as shown to the user) → its text, in the order to report them
     * @param declared the ids of the declared secrets
     * @throws UndeclaredSecretException naming every script that reads an undeclared secret
     */
    public static void requireDeclared(Map<String, String> scripts, Set<String> declared)
            throws UndeclaredSecretException {
        Map<String, List<String>> undeclared = new LinkedHashMap<>();
        scripts.forEach((name, text) -> {
            List<String> missing = new ArrayList<>();
            for (String id : in(text)) {
                if (!declared.contains(id)) {
                    missing.add(id);
                }
            }
            if (!missing.isEmpty()) {
                undeclared.put(name, missing);
            }
        });
        if (!undeclared.isEmpty()) {
            throw new UndeclaredSecretException(undeclared);
        }
    }
}
