package io.github.pgimage.core.session;

import java.util.Optional;

/**
 * Registry logins the engine asks for over the {@link BuildSession} when a registry answers 401
 * while the build pulls a base image (or an image named in cacheFrom). Looked up only then: a
 * lookup may start a credential helper, which may prompt or unlock a keyring.
 */
@FunctionalInterface
public interface RegistryCredentials {
    /**
     * @param host the registry as the engine names it: {@code localhost:5000}, {@code registry-1.docker.io}
     * @return the login, or empty to let the engine go on anonymously
     * @throws io.github.pgimage.core.PgImageException when a place that should hold the login cannot be read
     */
    Optional<RegistryCredential> lookup(String host);

    /**
     * Whether a login for {@code host} may exist, decided from configuration alone (no credential helper is
     * run): when not, nobody will be able to answer the engine, and a build needs no session for it.
     */
    default boolean mayHave(String host) {
        return true;
    }

    static RegistryCredentials none() {
        return new RegistryCredentials() {
            @Override
            public Optional<RegistryCredential> lookup(String host) {
                return Optional.empty();
            }

            @Override
            public boolean mayHave(String host) {
                return false;
            }
        };
    }
}
