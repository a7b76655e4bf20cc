package io.github.pgimage.core.registry;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Registry host names as the Docker CLI understands them. Config keys and settings.xml ids come in several
 * spellings ({@code localhost:5000}, {@code https://localhost:5000}, {@code https://index.docker.io/v1/}); they
 * are compared by host and port only, and every name of Docker Hub means {@link #DOCKER_HUB}.
 */
public final class RegistryHost {
    public static final String DOCKER_HUB = "docker.io";
    /** The key Docker's config.json and credential helpers use for Docker Hub. */
    public static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";
    private static final Set<String> DOCKER_HUB_ALIASES =
            Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

    private RegistryHost() {
    }

    /**
     * The registry an image reference points at: {@code localhost:5000/acme/pg:15} → {@code localhost:5000},
     * {@code acme/pg:15} → {@code docker.io}. As in Docker, the first path component is a registry only when it
     * has a '.' or ':' or is {@code localhost}.
     */
    public static String ofImage(String reference) {
        String ref = reference.strip();
        int slash = ref.indexOf('/');
        if (slash > 0) {
            String first = ref.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return normalize(first);
            }
        }
        return DOCKER_HUB;
    }

    /** {@code https://Index.Docker.io/v1/} → {@code docker.io}; {@code http://localhost:5000/x} → {@code localhost:5000}. */
    public static String normalize(String key) {
        String text = key.strip();
        if (text.contains("://")) {
            URI uri = URI.create(text);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("not a registry address: '" + key + "'");
            }
            text = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            text = text.substring(0, slash);
        }
        text = text.toLowerCase(Locale.ROOT);
        return DOCKER_HUB_ALIASES.contains(text) ? DOCKER_HUB : text;
    }

    /** What credential helpers and the engine's auth header call the registry: Docker Hub keeps its legacy URL. */
    public static String serverAddress(String host) {
        String normalized = normalize(host);
        return DOCKER_HUB.equals(normalized) ? DOCKER_HUB_SERVER : normalized;
    }
}
