package io.github.pgimage.core.registry;

import java.util.Map;
import java.util.Optional;

/**
 * Logins kept by credential helpers: the one {@code credHelpers} names for the registry, else the default
 * {@code credsStore}.
 */
public final class CredentialHelpers implements CredentialSource {
    private final DockerConfig config;
    private final Map<String, String> env;

    /** @param env the environment helpers run with (and whose PATH they are found on) */
    public CredentialHelpers(DockerConfig config, Map<String, String> env) {
        this.config = config;
        this.env = Map.copyOf(env);
    }

    @Override
    public Optional<FoundCredential> find(String host) {
        Optional<String> name = config.credHelper(host).or(config::credsStore);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        CredentialHelper helper = new CredentialHelper(name.get(), env);
        return helper.get(RegistryHost.serverAddress(host))
                .map(credential -> new FoundCredential(credential, "credential helper " + helper.program()));
    }

    /** A helper is configured for the host (or a default store is): only running it can tell. */
    @Override
    public boolean mayHave(String host) {
        return config.credHelper(host).or(config::credsStore).isPresent();
    }

    @Override
    public String describeMiss(String host) {
        return config.credHelper(host)
                .map(name -> "credential helper docker-credential-" + name + " (credHelpers in " + config.displayName()
                        + "): no login for " + RegistryHost.serverAddress(host))
                .or(() -> config.credsStore().map(name -> "credential store docker-credential-" + name
                        + " (credsStore in " + config.displayName() + "): no login for " + RegistryHost.serverAddress(host)))
                .orElse("credential helpers: " + config.displayName() + " names none for " + host
                        + " (no credHelpers entry, no credsStore)");
    }
}
