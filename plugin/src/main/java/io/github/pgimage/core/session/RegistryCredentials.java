package io.github.pgimage.core.session;

import java.util.Optional;

/**
 * Registry logins the engine asks for over the {@link BuildSession} when a registry answers 401
 * while the build pulls a base image (or an image named in cacheFrom).
 */
@FunctionalInterface
public interface RegistryCredentials {
    /**
     * @param host the registry as the engine names it: {@code localhost:5000}, {@code registry-1.docker.io}
     * @return the login, or empty to let the engine go on anonymously
     */
    Optional<RegistryCredential> lookup(String host);

    static RegistryCredentials none() {
        return host -> Optional.empty();
    }
}
