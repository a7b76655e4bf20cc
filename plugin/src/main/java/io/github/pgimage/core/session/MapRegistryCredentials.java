package io.github.pgimage.core.session;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Logins by registry host. Keys may be written the ways users and Docker's config write them
 * ({@code localhost:5000}, {@code https://index.docker.io/v1/}, {@code docker.io}); they are matched
 * by host and port only, and Docker Hub's names all mean the same registry.
 */
public final class MapRegistryCredentials implements RegistryCredentials {
    private static final String DOCKER_HUB = "docker.io";
    /** The names Docker Hub goes by; BuildKit asks for registry-1.docker.io. */
    private static final Set<String> DOCKER_HUB_ALIASES =
            Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

    private final Map<String, RegistryCredential> byHost = new LinkedHashMap<>();

    public MapRegistryCredentials put(String registry, String username, String secret) {
        byHost.put(normalize(registry), new RegistryCredential(username, secret));
        return this;
    }

    @Override
    public Optional<RegistryCredential> lookup(String host) {
        return Optional.ofNullable(byHost.get(normalize(host)));
    }

    /** {@code https://Index.Docker.io/v1/} → {@code docker.io}; {@code http://localhost:5000/x} → {@code localhost:5000}. */
    static String normalize(String registry) {
        String text = registry.strip();
        if (text.contains("://")) {
            URI uri = URI.create(text);
            text = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            text = text.substring(0, slash);
        }
        text = text.toLowerCase(Locale.ROOT);
        return DOCKER_HUB_ALIASES.contains(text) ? DOCKER_HUB : text;
    }

    @Override
    public String toString() {
        return "MapRegistryCredentials" + byHost.keySet();
    }
}
