package io.github.pgimage.core.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a session's connection is made: the engine's {@code POST /session} upgrade, or BuildKit's
 * {@code Control/Session} stream (a standalone daemon, an engine that speaks gRPC on its socket). Either
 * way the daemon learns the session from the same announcement and then speaks HTTP/2 as the gRPC client.
 */
@FunctionalInterface
public interface SessionTransport {

    /**
     * Opens the connection and announces the session on it.
     *
     * @throws SessionException the daemon refused the session
     */
    Opened open(Announcement announcement) throws IOException, SessionException;

    /**
     * What the daemon is told about a session before it uses it.
     *
     * @param id        the id a build names to use the session
     * @param name      shown by the daemon in its logs and listings
     * @param sharedKey the key under which the daemon keeps files synced from this session for later ones
     * @param methods   every gRPC method served, as {@code /package.Service/Method}: the daemon calls only these
     */
    record Announcement(String id, String name, String sharedKey, List<String> methods) {
        public Announcement {
            sharedKey = sharedKey == null ? "" : sharedKey;
            methods = List.copyOf(methods);
        }

        /** BuildKit's expose headers (HTTP headers on {@code /session}, gRPC metadata on {@code Control/Session}). */
        public List<String[]> headers() {
            List<String[]> headers = new ArrayList<>();
            headers.add(new String[]{"X-Docker-Expose-Session-Uuid", id});
            headers.add(new String[]{"X-Docker-Expose-Session-Name", name});
            if (!sharedKey.isEmpty()) {
                headers.add(new String[]{"X-Docker-Expose-Session-Sharedkey", sharedKey});
            }
            for (String method : methods) {
                headers.add(new String[]{"X-Docker-Expose-Session-Grpc-Method", method});
            }
            return headers;
        }
    }

    /**
     * @param connection the connection that now carries the daemon's HTTP/2
     * @param firstBytes daemon bytes already read with the answer to the announcement, to be handled first
     */
    record Opened(EngineConnection connection, byte[] firstBytes) {
    }
}
