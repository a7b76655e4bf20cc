package io.github.pgimage.core.registry;

import java.net.URI;

import io.github.pgimage.core.image.ImageReference;

/**
 * Registry host names as the Docker CLI's configuration writes them (an image's registry is
 * {@link ImageReference#registryHost()}). Config keys and settings.xml ids come in several spellings
 * ({@code localhost:5000}, {@code https://localhost:5000}, {@code https://index.docker.io/v1/}); they are compared
 * by host and port only, and every name of Docker Hub means {@link #DOCKER_HUB}.
 */
public final class RegistryHost {
    public static final String DOCKER_HUB = ImageReference.DOCKER_HUB;
    /** The key Docker's config.json and credential helpers use for Docker Hub. */
    public static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

    private RegistryHost() {
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
        return ImageReference.canonicalHost(text);
    }

    /** What credential helpers and the engine's auth header call the registry: Docker Hub keeps its legacy URL. */
    public static String serverAddress(String host) {
        String normalized = normalize(host);
        return DOCKER_HUB.equals(normalized) ? DOCKER_HUB_SERVER : normalized;
    }
}
