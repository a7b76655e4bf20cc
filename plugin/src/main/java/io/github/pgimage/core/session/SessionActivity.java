package io.github.pgimage.core.session;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the engine asked of a session: for diagnostics ("the engine never asked for secret X") and
 * for tests. Holds ids and host names only, never a value.
 */
public final class SessionActivity {
    private final AtomicLong healthChecks = new AtomicLong();
    private final Set<String> secretsServed = new ConcurrentSkipListSet<>();
    private final Set<String> secretsUnknown = new ConcurrentSkipListSet<>();
    private final Set<String> credentialsAsked = new ConcurrentSkipListSet<>();
    private final Set<String> credentialsServed = new ConcurrentSkipListSet<>();
    private final Map<String, String> credentialFailures = new ConcurrentSkipListMap<>();

    void healthChecked() {
        healthChecks.incrementAndGet();
    }

    void secretRequested(String id, boolean known) {
        (known ? secretsServed : secretsUnknown).add(id);
    }

    void credentialsRequested(String host, boolean known) {
        credentialsAsked.add(host);
        if (known) {
            credentialsServed.add(host);
        }
    }

    void credentialsFailed(String host, String why) {
        credentialsAsked.add(host);
        credentialFailures.put(host, why);
    }

    /** How many health checks the engine has made; a live session sees them every few seconds. */
    public long healthChecks() {
        return healthChecks.get();
    }

    /** Ids of secrets the engine received. */
    public Set<String> secretsServed() {
        return Set.copyOf(secretsServed);
    }

    /** Ids the engine asked for that the store does not hold (answered NOT_FOUND). */
    public Set<String> secretsUnknown() {
        return Set.copyOf(secretsUnknown);
    }

    /** Registry hosts the engine asked credentials for. */
    public Set<String> credentialsAsked() {
        return Set.copyOf(credentialsAsked);
    }

    /** Registry hosts whose login could not be read (a credential helper missing or failing), with why. */
    public Map<String, String> credentialFailures() {
        return Map.copyOf(credentialFailures);
    }

    /** Registry hosts the engine received a login for. */
    public Set<String> credentialsServed() {
        return Set.copyOf(credentialsServed);
    }
}
