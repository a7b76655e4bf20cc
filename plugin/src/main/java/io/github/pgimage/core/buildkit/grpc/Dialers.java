package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.RawConnection;

import java.io.IOException;
import java.util.Map;

/** The ways to reach BuildKit's gRPC API. */
public final class Dialers {
    private Dialers() {
    }

    /**
     * The engine's {@code POST /grpc} with {@code Upgrade: h2c} (Docker 19.03+, API 1.40+): after the 101 the
     * engine is the HTTP/2 server of BuildKit's Control service, on that connection only.
     */
    public static Dialer engineUpgrade(EngineGateway engine) {
        return new Dialer() {
            @Override
            public RawConnection dial() throws EngineException {
                return engine.upgrade("/grpc", "h2c", Map.of());
            }

            @Override
            public String describe() {
                return engine.endpoint().host() + " (POST /grpc)";
            }
        };
    }

    /** gRPC spoken on the engine's own socket (Engine API 1.53+, Docker 29.2+): HTTP/2 from the first byte. */
    public static Dialer engineSocket(EngineEndpoint endpoint) {
        return new Dialer() {
            @Override
            public RawConnection dial() throws IOException, EngineException {
                return RawConnection.open(endpoint, "h2");
            }

            @Override
            public String describe() {
                return endpoint.host() + " (gRPC on the engine's socket)";
            }
        };
    }

    /**
     * A standalone BuildKit daemon ({@code buildkitd --addr unix://… | tcp://…}); with a certificate folder the
     * connection is mutual TLS offering ALPN {@code h2}, which gRPC servers require.
     */
    public static Dialer buildkitd(EngineEndpoint address) {
        return new Dialer() {
            @Override
            public RawConnection dial() throws IOException, EngineException {
                return RawConnection.open(address, "h2");
            }

            @Override
            public String describe() {
                return address.host() + (address.tlsCertDir() == null ? "" : " (mutual TLS, " + address.tlsCertDir() + ")");
            }
        };
    }
}
