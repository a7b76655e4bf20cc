package io.github.pgimage.core.session;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A setup script reads {@code /run/secrets/<id>} but no {@code <secret>} declares that id. */
public class UndeclaredSecretException extends SecretException {
    private final Map<String, List<String>> usesByScript;

    /** @param usesByScript script (as shown to the user) → the undeclared ids it reads */
    public UndeclaredSecretException(Map<String, List<String>> usesByScript) {
        super(describe(usesByScript));
        this.usesByScript = Map.copyOf(usesByScript);
    }

    public Map<String, List<String>> usesByScript() {
        return usesByScript;
    }

    private static String describe(Map<String, List<String>> uses) {
        return uses.entrySet().stream()
                .map(e -> e.getKey() + " reads " + e.getValue().stream()
                        .map(id -> "/run/secrets/" + id).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; ",
                        "Setup scripts read secrets that are not declared: ",
                        ". Declare each as <secrets><secret><id>ID</id><file>…</file> or <env>…</env></secret></secrets>."));
    }
}
