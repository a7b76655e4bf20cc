package io.github.pgimage.core.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.github.pgimage.core.session.RegistryCredential;

/**
 * Maven's {@code <server>} entries whose id names a registry, with passwords already decrypted by the caller
 * (the core never sees Maven's settings API).
 */
public final class SettingsServers implements CredentialSource {
    private final Map<String, Server> byHost = new LinkedHashMap<>();

    private record Server(String id, RegistryCredential credential) {
    }

    /**
     * Adds a server; an id that is not a registry address is ignored (settings.xml also holds Maven repositories).
     * The first server for a host wins, as with repeated ids in settings.xml.
     */
    public SettingsServers add(String id, String username, String password) {
        if (id == null || id.isBlank() || username == null || password == null) {
            return this;
        }
        String host;
        try {
            host = RegistryHost.normalize(id);
        } catch (IllegalArgumentException e) {
            return this;
        }
        byHost.putIfAbsent(host, new Server(id.strip(), new RegistryCredential(username, password)));
        return this;
    }

    @Override
    public Optional<FoundCredential> find(String host) {
        Server server = byHost.get(RegistryHost.normalize(host));
        return server == null ? Optional.empty()
                : Optional.of(new FoundCredential(server.credential(), "settings.xml server '" + server.id() + "'"));
    }

    @Override
    public boolean mayHave(String host) {
        return byHost.containsKey(RegistryHost.normalize(host));
    }

    @Override
    public String describeMiss(String host) {
        return "settings.xml: no <server> with id '" + host + "' (or a URL of it) that has a username and password";
    }
}
