package io.github.pgimage.core.plan;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What reruns setup and builder steps besides edits of their files: the rules, and steps rebuilt on request
 * ({@code rebuildFrom}), whose marks the next builds keep so that they go on from the rebuilt layers instead of
 * falling back to the older ones still in the engine's cache.
 *
 * @param rules   the declared rules
 * @param clock   the instant periods are counted at (fixed in tests and reproducible builds)
 * @param rebuilt script path → mark of the request that rebuilt it (from the previous image, plus this build's)
 */
public record CacheInvalidation(List<CacheRule> rules, Instant clock, Map<String, String> rebuilt) {

    public CacheInvalidation {
        rules = List.copyOf(rules);
        rebuilt = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rebuilt));
    }

    public static CacheInvalidation none() {
        return new CacheInvalidation(List.of(), Instant.EPOCH, Map.of());
    }

    public CacheInvalidation withRebuilt(Map<String, String> marks) {
        return new CacheInvalidation(rules, clock, marks);
    }
}
