package io.github.pgimage.core.session;

import java.util.Objects;

/**
 * What the engine may log in to one registry with.
 *
 * @param username the user name; empty when {@code secret} is an identity token (as Docker's config stores them)
 * @param secret   the password or identity token
 */
public record RegistryCredential(String username, String secret) {
    public RegistryCredential {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "RegistryCredential[username=" + username + ", secret=****]";
    }
}
