package io.github.pgimage.core.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.pgimage.core.session.RegistryCredential;
import io.github.pgimage.core.session.RegistryCredentials;

/**
 * The plugin's credential lookup, in order: Maven's settings.xml servers, {@code config.json} {@code auths}, then
 * the credential helper ({@code credHelpers}, else {@code credsStore}). The first source with a login wins. It
 * serves pushes and, as {@link RegistryCredentials}, the engine's requests over a BuildSession during base-image
 * pulls. Nothing is read before a login is asked for: making the lookup reads no file and runs no helper, so a
 * build that needs no login cannot fail on an unreadable config.json or a credential helper that is not installed.
 */
public final class RegistryLogins implements RegistryCredentials {
    private final Supplier<List<CredentialSource>> sources;

    public RegistryLogins(List<CredentialSource> sources) {
        List<CredentialSource> copy = List.copyOf(sources);
        this.sources = () -> copy;
    }

    private RegistryLogins(Supplier<List<CredentialSource>> sources) {
        this.sources = sources;
    }

    /**
     * The standard order for this environment; {@code config.json} is read on first use.
     *
     * @param servers  settings.xml servers, passwords decrypted
     * @param env      the process environment (DOCKER_CONFIG, HOME, PATH for helpers)
     * @param userHome Java's {@code user.home}, used when HOME is not set
     */
    public static RegistryLogins standard(SettingsServers servers, Map<String, String> env, Path userHome) {
        Map<String, String> environment = Map.copyOf(env);
        return new RegistryLogins(new Supplier<>() {
            private List<CredentialSource> loaded;

            @Override
            public synchronized List<CredentialSource> get() {
                if (loaded == null) {
                    DockerConfig config = DockerConfig.load(environment, userHome);
                    loaded = List.of(servers, new DockerConfigAuths(config), new CredentialHelpers(config, environment));
                }
                return loaded;
            }
        });
    }

    /**
     * @param host a registry host in any spelling ({@code localhost:5000}, {@code https://index.docker.io/v1/})
     * @throws CredentialLookupException when a source that should be consulted cannot be read
     */
    public Optional<FoundCredential> find(String host) {
        String normalized = RegistryHost.normalize(host);
        for (CredentialSource source : sources.get()) {
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

    /** Decided from the configuration alone; an unreadable configuration may hold one (the lookup will say why not). */
    @Override
    public boolean mayHave(String host) {
        String normalized = RegistryHost.normalize(host);
        try {
            return sources.get().stream().anyMatch(source -> source.mayHave(normalized));
        } catch (CredentialLookupException e) {
            return true;
        }
    }

    /** Every place consulted for {@code host}, in order, each saying what it lacked. */
    public List<String> searched(String host) {
        String normalized = RegistryHost.normalize(host);
        List<String> places = new ArrayList<>();
        for (CredentialSource source : sources.get()) {
            places.add(source.describeMiss(normalized));
        }
        return places;
    }
}
