package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.session.SessionException;
import io.github.pgimage.core.session.SessionTransport;

import java.io.IOException;

/**
 * Makes one connection to a BuildKit daemon on which the next bytes are HTTP/2 with the daemon as the
 * server: the engine's {@code /grpc} upgrade, the engine's socket itself (API 1.53+), or a buildkitd address.
 * gRPC asks for a new one whenever its connection broke.
 */
@FunctionalInterface
public interface Dialer {

    /**
     * @return the connection, and daemon bytes already read with the upgrade's answer (the start of HTTP/2)
     * @throws SessionException the daemon refused (e.g. an engine without {@code /grpc})
     */
    SessionTransport.Opened dial() throws IOException, SessionException;

    /** Where it dials, for messages. */
    default String describe() {
        return toString();
    }
}
