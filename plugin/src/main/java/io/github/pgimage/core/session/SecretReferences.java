package io.github.pgimage.core.session;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the secrets setup scripts read, by their path {@code /run/secrets/<id>}: the planner mounts
 * each declared secret only into the steps that read it, and the validator rejects a script that reads
 * an undeclared one before the build, instead of deep inside it with "No such file or directory".
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
}
