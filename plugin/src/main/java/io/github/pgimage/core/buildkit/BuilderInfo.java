package io.github.pgimage.core.buildkit;

/**
 * Which BuildKit built the image and through which door, as the report's {@code builder} shows it.
 *
 * @param api        {@code grpc} (BuildKit's Control API) or {@code build-api} (the engine's {@code POST /build})
 * @param buildkit   BuildKit's version as the daemon names it ({@code v0.8} for Docker 20.10), or {@code unknown}
 * @param imageStore where the image went: {@code engine} (the engine's classic store), {@code containerd} (the
 *                   engine's containerd image store) or {@code buildkit} (a standalone daemon's own store)
 * @param via        the door: {@code POST /grpc}, {@code engine socket}, {@code POST /build}, or a daemon's address
 */
public record BuilderInfo(String api, String buildkit, String imageStore, String via) {

    /** Whether a BuildKit version as daemons name it ({@code v0.25.1}, {@code v0.8}) is at least major.minor. */
    public static boolean atLeast(String buildkit, int major, int minor) {
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("v?(\\d+)\\.(\\d+).*").matcher(buildkit);
        if (!version.matches()) {
            return false; // unknown: take the older BuildKit's behaviour
        }
        int actualMajor = Integer.parseInt(version.group(1));
        return actualMajor > major || (actualMajor == major && Integer.parseInt(version.group(2)) >= minor);
    }
}
