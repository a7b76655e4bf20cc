package io.github.pgimage.core.registry;

import java.util.Optional;

/** Logins stored in {@code config.json} itself ({@code auths}), as {@code docker login} writes them without a store. */
public final class DockerConfigAuths implements CredentialSource {
    private final DockerConfig config;

    public DockerConfigAuths(DockerConfig config) {
        this.config = config;
    }

    @Override
    public Optional<FoundCredential> find(String host) {
        return config.auth(host).flatMap(entry -> entry.credential()
                .map(credential -> new FoundCredential(credential,
                        config.displayName() + " auths '" + entry.key() + "'")));
    }

    @Override
    public boolean mayHave(String host) {
        return config.auth(host).flatMap(DockerConfig.AuthEntry::credential).isPresent();
    }

    @Override
    public String describeMiss(String host) {
        return config.displayName() + " auths: " + config.auth(host)
                .map(entry -> "the entry '" + entry.key() + "' holds no login (it marks one kept by a credential store)")
                .orElse("no entry for " + host);
    }
}
