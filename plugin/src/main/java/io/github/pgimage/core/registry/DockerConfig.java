package io.github.pgimage.core.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.github.pgimage.core.json.JsonTree;
import io.github.pgimage.core.session.RegistryCredential;

/**
 * The registry parts of the Docker CLI's {@code config.json}: {@code auths}, {@code credHelpers} and
 * {@code credsStore}. Keys are normalised with {@link RegistryHost#normalize}, so {@code localhost:5000},
 * {@code https://localhost:5000} and {@code http://localhost:5000/v1/} are the same registry. A missing file is an
 * empty configuration, as for the CLI.
 */
public final class DockerConfig {
    private final Path file;
    private final String displayName;
    private final Map<String, AuthEntry> auths;
    private final Map<String, String> credHelpers;
    private final String credsStore;

    /**
     * One {@code auths} entry. {@code credential} is empty when the entry only marks a login kept by a credential
     * store ({@code "localhost:5000": {}}, what {@code docker login} writes when a credsStore is set).
     */
    public record AuthEntry(String key, Optional<RegistryCredential> credential) {
    }

    private DockerConfig(Path file, String displayName, Map<String, AuthEntry> auths, Map<String, String> credHelpers,
                         String credsStore) {
        this.file = file;
        this.displayName = displayName;
        this.auths = auths;
        this.credHelpers = credHelpers;
        this.credsStore = credsStore;
    }

    /**
     * The directory the Docker CLI reads: {@code DOCKER_CONFIG}, else {@code $HOME/.docker} (the CLI uses
     * {@code $HOME}, which may differ from Java's {@code user.home}), else {@code userHome/.docker}.
     */
    public static Path directory(Map<String, String> env, Path userHome) {
        String configured = env.get("DOCKER_CONFIG");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        String home = env.get("HOME");
        return (home != null && !home.isBlank() ? Path.of(home.strip()) : userHome).resolve(".docker");
    }

    /** Reads {@code config.json} from the directory the environment selects. */
    public static DockerConfig load(Map<String, String> env, Path userHome) {
        Path dir = directory(env, userHome);
        String home = env.getOrDefault("HOME", userHome.toString());
        String display = dir.resolve("config.json").toString();
        if (!home.isBlank() && dir.startsWith(Path.of(home))) {
            display = "~/" + Path.of(home).relativize(dir.resolve("config.json"));
        }
        return read(dir.resolve("config.json"), display);
    }

    /**
     * @param displayName how messages name the file ({@code ~/.docker/config.json})
     * @throws CredentialLookupException when the file exists but is not a readable config
     */
    public static DockerConfig read(Path file, String displayName) {
        if (!Files.isRegularFile(file)) {
            return new DockerConfig(file, displayName, Map.of(), Map.of(), null);
        }
        Object root;
        try {
            root = JsonTree.parse(file);
        } catch (IOException e) {
            throw new CredentialLookupException("Cannot read the Docker CLI configuration " + file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof Map)) {
            throw new CredentialLookupException("The Docker CLI configuration " + file + " is not a JSON object");
        }
        Map<String, AuthEntry> auths = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : JsonTree.object(JsonTree.object(root).get("auths")).entrySet()) {
            auths.putIfAbsent(hostKey(entry.getKey(), file),
                    new AuthEntry(entry.getKey(), credentialOf(entry.getKey(), JsonTree.object(entry.getValue()), file)));
        }
        Map<String, String> helpers = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : JsonTree.object(JsonTree.object(root).get("credHelpers")).entrySet()) {
            if (entry.getValue() instanceof String helper && !helper.isBlank()) {
                helpers.putIfAbsent(hostKey(entry.getKey(), file), helper.strip());
            }
        }
        String store = text(root, "credsStore").strip();
        return new DockerConfig(file, displayName, auths, helpers, store.isEmpty() ? null : store);
    }

    /**
     * An entry holds {@code auth} (base64 of {@code user:password}), or {@code username} and {@code password},
     * or an {@code identitytoken}; any of them may be absent.
     */
    private static Optional<RegistryCredential> credentialOf(String key, Map<String, Object> entry, Path file) {
        String auth = text(entry, "auth");
        if (!auth.isBlank()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new CredentialLookupException(file + ": auths['" + key + "'].auth is not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new CredentialLookupException(file + ": auths['" + key + "'].auth is not base64 of user:password");
            }
            return Optional.of(new RegistryCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        String username = text(entry, "username");
        String password = text(entry, "password");
        if (!username.isEmpty() && !password.isEmpty()) {
            return Optional.of(new RegistryCredential(username, password));
        }
        String token = text(entry, "identitytoken");
        if (!token.isEmpty()) {
            return Optional.of(new RegistryCredential("", token));
        }
        return Optional.empty();
    }

    /** A field's text, empty when it is absent or not text. */
    private static String text(Object object, String field) {
        String text = JsonTree.text(object, field);
        return text == null ? "" : text;
    }

    private static String hostKey(String key, Path file) {
        try {
            return RegistryHost.normalize(key);
        } catch (IllegalArgumentException e) {
            throw new CredentialLookupException(file + ": '" + key + "' is not a registry address", e);
        }
    }

    public Path file() {
        return file;
    }

    /** How messages name the file. */
    public String displayName() {
        return displayName;
    }

    /** The {@code auths} entry for a registry host, whatever spelling its key has. */
    public Optional<AuthEntry> auth(String host) {
        return Optional.ofNullable(auths.get(RegistryHost.normalize(host)));
    }

    /** The credential helper's name ({@code pass} for {@code docker-credential-pass}) for a registry host. */
    public Optional<String> credHelper(String host) {
        return Optional.ofNullable(credHelpers.get(RegistryHost.normalize(host)));
    }

    /** The default credential store for every registry without a credHelpers entry. */
    public Optional<String> credsStore() {
        return Optional.ofNullable(credsStore);
    }
}
