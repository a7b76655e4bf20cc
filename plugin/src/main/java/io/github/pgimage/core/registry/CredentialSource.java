package io.github.pgimage.core.registry;

import java.util.Optional;

/** One place credentials can come from. */
public interface CredentialSource {
    /**
     * @param host a normalised registry host ({@link RegistryHost#normalize})
     * @throws CredentialLookupException when the place exists but cannot be read
     */
    Optional<FoundCredential> find(String host);

    /** Whether this source may hold a login for {@code host}, decided without running any program. */
    boolean mayHave(String host);

    /** What this source looked at for {@code host} and found nothing, for the "no credentials" message. */
    String describeMiss(String host);
}
