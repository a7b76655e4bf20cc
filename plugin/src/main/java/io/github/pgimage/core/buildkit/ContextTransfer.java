package io.github.pgimage.core.buildkit;

/** How the build context reaches the engine on the {@code POST /build} path. */
public enum ContextTransfer {
    /** The whole context tar as the request body, every build. */
    TAR,
    /**
     * Served by the build's BuildKit session over FileSync ({@code remote=client-session}): the engine keeps the
     * files it received last time and asks only for those that changed.
     */
    SESSION,
    /** {@link #SESSION} when the build opens a session anyway (secrets, registry logins), else {@link #TAR}. */
    AUTO
}
