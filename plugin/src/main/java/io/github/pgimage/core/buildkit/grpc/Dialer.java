package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.RawConnection;

import java.io.IOException;

/**
 * Makes one connection to a BuildKit daemon on which the next bytes are HTTP/2 with the daemon as the
 * server: the engine's {@code /grpc} upgrade, the engine's socket itself (API 1.53+), or a buildkitd address.
 * gRPC asks for a new one whenever its connection broke.
 */
@FunctionalInterface
public interface Dialer {

    /**
     * @return the connection; bytes that arrived with an upgrade's answer are the first ones read from it
     * @throws EngineException the daemon refused (e.g. an engine without {@code /grpc})
     */
    RawConnection dial() throws IOException, EngineException;

    /** Where it dials, for messages. */
    default String describe() {
        return toString();
    }
}
