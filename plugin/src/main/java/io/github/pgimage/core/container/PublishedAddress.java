package io.github.pgimage.core.container;

import java.net.URI;

import io.github.pgimage.core.engine.EngineEndpoint;

/**
 * Where the database port is published on the engine's host and where the build connects to it.
 *
 * @param bindIp      the host address the engine binds the port to
 * @param connectHost the host name the build (and its tests) connect to
 */
public record PublishedAddress(String bindIp, String connectHost) {

    /**
     * A local engine (unix socket, or tcp or ssh to a loopback address) publishes on 127.0.0.1 only, so that a
     * database with a known password is not reachable from the network; a remote engine must publish on every
     * address of its host, which the build then reaches under the engine's host name (the ssh host's, for an
     * {@code ssh://} engine).
     */
    public static PublishedAddress forEndpoint(EngineEndpoint endpoint) {
        URI host = endpoint.host();
        boolean network = "tcp".equals(host.getScheme()) || "ssh".equals(host.getScheme());
        if (!network || isLoopback(host.getHost())) {
            return new PublishedAddress("127.0.0.1", "127.0.0.1");
        }
        return new PublishedAddress("0.0.0.0", host.getHost());
    }

    private static boolean isLoopback(String host) {
        return "localhost".equalsIgnoreCase(host) || host.startsWith("127.") || "[::1]".equals(host) || "::1".equals(host);
    }
}
