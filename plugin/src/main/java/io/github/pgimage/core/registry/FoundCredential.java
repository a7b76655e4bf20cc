package io.github.pgimage.core.registry;

import java.util.Objects;

import io.github.pgimage.core.session.RegistryCredential;

/**
 * A login and where it was found, so that a registry's refusal can name the place to fix.
 *
 * @param credential the login
 * @param origin     human-readable source: {@code settings.xml server 'localhost:5000'},
 *                   {@code /home/u/.docker/config.json auths}, {@code credential helper docker-credential-pass}
 */
public record FoundCredential(RegistryCredential credential, String origin) {
    public FoundCredential {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(origin, "origin");
    }

    /** The user name for messages; identity tokens have none. */
    public String describeUser() {
        return credential.username().isEmpty() ? "an identity token" : "user '" + credential.username() + "'";
    }
}
