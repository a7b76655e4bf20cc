package io.github.pgimage.core.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.pgimage.core.session.RegistryCredential;
import io.github.pgimage.core.session.RegistryCredentials;

/**
 * The plugin's credential lookup, in order: Maven's settings.xml servers, {@code config.json} {@code auths}, then
 * the credential helper ({@code credHelpers}, else {@code credsStore}). The first source with a login wins. It serves
 * pushes and, as {@link RegistryCredentials}, the engine's requests over a BuildSession during base-image pulls.
 */
public final class RegistryLogins implements RegistryCredentials {
    private final List<CredentialSource> sources;

    public RegistryLogins(List<CredentialSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * The standard order for this environment.
     *
     * @param servers  settings.xml servers, passwords decrypted
     * @param env      the process environment (DOCKER_CONFIG, HOME, PATH for helpers)
     * @param userHome Java's {@code user.home}, used when HOME is not set
     */
    public static RegistryLogins standard(SettingsServers servers, Map<String, String> env, Path userHome) {
        DockerConfig config = DockerConfig.load(env, userHome);
        return new RegistryLogins(List.of(servers, new DockerConfigAuths(config), new CredentialHelpers(config, env)));
    }

    /**
     * @param host a registry host in any spelling ({@code localhost:5000}, {@code https://index.docker.io/v1/})
     * @throws CredentialLookupException when a source that should be consulted cannot be read
     */
    public Optional<FoundCredential> find(String host) {
        String normalized = RegistryHost.normalize(host);
        for (CredentialSource source : sources) {
            Optional<FoundCredential> found = source.find(normalized);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<RegistryCredential> lookup(String host) {
        return find(host).map(FoundCredential::credential);
    }

    /** Every place consulted for {@code host}, in order, each saying what it lacked. */
    public List<String> searched(String host) {
        String normalized = RegistryHost.normalize(host);
        List<String> places = new ArrayList<>();
        for (CredentialSource source : sources) {
            places.add(source.describeMiss(normalized));
        }
        return places;
    }
}
