package io.github.pgimage.core.session;

import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.RawConnection;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * @return the connection that now carries the daemon's HTTP/2
     * @throws EngineException the daemon refused the session
     */
    RawConnection open(Announcement announcement) throws IOException, EngineException;

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
        public Map<String, List<String>> headers() {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("X-Docker-Expose-Session-Uuid", List.of(id));
            headers.put("X-Docker-Expose-Session-Name", List.of(name));
            if (!sharedKey.isEmpty()) {
                headers.put("X-Docker-Expose-Session-Sharedkey", List.of(sharedKey));
            }
            headers.put("X-Docker-Expose-Session-Grpc-Method", methods);
            return headers;
        }
    }
}
