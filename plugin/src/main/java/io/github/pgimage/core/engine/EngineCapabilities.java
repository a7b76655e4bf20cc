package io.github.pgimage.core.engine;

import io.github.pgimage.core.Setting;

/**
 * What an engine can do for a build, read once from its version answer: BuildKit through {@code /build?version=2}
 * and BuildKit sessions ({@code POST /session}, for secrets and registry auth) both arrived with API 1.39
 * (Docker Engine 18.09).
 */
public record EngineCapabilities(EngineVersion version, boolean buildKit) {

    public static final String MIN_BUILDKIT_API = "1.39";

    public static EngineCapabilities of(EngineVersion version) {
        return new EngineCapabilities(version, atLeast(version.apiVersion(), MIN_BUILDKIT_API));
    }

    /**
     * @throws EngineException naming the API version found and the one needed, about the engine address setting
     *                         (the way to choose another engine)
     */
    public EngineCapabilities requireBuildKit(EngineEndpoint endpoint) throws EngineException {
        if (!buildKit) {
            throw new EngineException("The engine at " + endpoint.host() + " is Docker " + version.version()
                    + " with API " + version.apiVersion() + "; building with BuildKit needs API " + MIN_BUILDKIT_API
                    + " (Docker Engine 18.09) or newer. Upgrade the engine, or choose a newer one.",
                    Setting.ENGINE_ADDRESS, endpoint.host().toString(), null);
        }
        return this;
    }

    /** Compares dotted API versions numerically ({@code "1.9" < "1.41"}); an unreadable version counts as too old. */
    public static boolean atLeast(String actual, String required) {
        if (actual == null) {
            return false;
        }
        String[] a = actual.trim().split("\\.");
        String[] r = required.split("\\.");
        try {
            for (int i = 0; i < Math.max(a.length, r.length); i++) {
                int x = i < a.length ? Integer.parseInt(a[i]) : 0;
                int y = i < r.length ? Integer.parseInt(r[i]) : 0;
                if (x != y) {
                    return x > y;
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
