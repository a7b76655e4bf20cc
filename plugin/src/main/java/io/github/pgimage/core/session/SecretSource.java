package io.github.pgimage.core.session;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the value of one build secret comes from: a file or an environment variable of the build's
 * own process. Exactly one of {@code file} and {@code env} is set.
 *
 * @param id   the name setup scripts read it under, {@code /run/secrets/<id>}
 * @param file a file whose bytes are the secret, or null
 * @param env  an environment variable whose value (UTF-8) is the secret, or null
 */
public record SecretSource(String id, Path file, String env) {
    /** BuildKit takes any id, but it becomes a file name under /run/secrets: keep it one plain path segment. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public SecretSource {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new SecretException("'" + id + "' is not a valid secret id: use letters, digits, '.', '_' and '-'", id);
        }
        if ((file == null) == (env == null || env.isBlank())) {
            throw new SecretException("secret '" + id + "' needs exactly one source: a file or an environment variable",
                    id);
        }
    }

    public static SecretSource file(String id, Path file) {
        return new SecretSource(id, Objects.requireNonNull(file, "file"), null);
    }

    public static SecretSource env(String id, String variable) {
        return new SecretSource(id, null, Objects.requireNonNull(variable, "variable"));
    }

    /** For messages: "file /x/token" or "environment variable REPO_TOKEN" (never the value). */
    public String origin() {
        return file != null ? "file " + file : "environment variable " + env;
    }
}
