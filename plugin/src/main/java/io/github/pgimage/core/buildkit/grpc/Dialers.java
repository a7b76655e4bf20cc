package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.session.EngineConnection;
import io.github.pgimage.core.session.SessionException;
import io.github.pgimage.core.session.SessionTransport;
import io.github.pgimage.core.session.SessionUpgrade;

import java.io.IOException;
import java.util.List;

/** The ways to reach BuildKit's gRPC API. */
public final class Dialers {
    private static final byte[] NOTHING = new byte[0];

    private Dialers() {
    }

    /**
     * The engine's {@code POST /grpc} with {@code Upgrade: h2c} (Docker 19.03+, API 1.40+): after the 101 the
     * engine is the HTTP/2 server of BuildKit's Control service, on that connection only.
     */
    public static Dialer engineUpgrade(EngineEndpoint endpoint) {
        return new Dialer() {
            @Override
            public SessionTransport.Opened dial() throws IOException, SessionException {
                EngineConnection connection = EngineConnection.open(endpoint);
                try {
                    byte[] first = SessionUpgrade.upgrade(connection, "/grpc", List.of(), "BuildKit's gRPC API (POST /grpc)");
                    return new SessionTransport.Opened(connection, first);
                } catch (IOException | SessionException | RuntimeException e) {
                    connection.close();
                    throw e;
                }
            }

            @Override
            public String describe() {
                return endpoint.host() + " (POST /grpc)";
            }
        };
    }

    /** gRPC spoken on the engine's own socket (Engine API 1.53+, Docker 29.2+): HTTP/2 from the first byte. */
    public static Dialer engineSocket(EngineEndpoint endpoint) {
        return new Dialer() {
            @Override
            public SessionTransport.Opened dial() throws IOException, SessionException {
                return new SessionTransport.Opened(EngineConnection.open(endpoint, "h2"), NOTHING);
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
            public SessionTransport.Opened dial() throws IOException, SessionException {
                return new SessionTransport.Opened(EngineConnection.open(address, "h2"), NOTHING);
            }

            @Override
            public String describe() {
                return address.host() + (address.tlsCertDir() == null ? "" : " (mutual TLS, " + address.tlsCertDir() + ")");
            }
        };
    }
}
