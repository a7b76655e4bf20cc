package io.github.pgimage.core.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * Turns the ways a TLS engine refuses a client into what to set: an engine with {@code --tlsverify} answers a
 * plain connection with "Client sent an HTTP request to an HTTPS server" and ends the handshake of a client
 * without an acceptable certificate, neither of which says which setting is missing.
 */
final class TlsAdvice {

    private TlsAdvice() {
    }

    static Optional<String> forFailure(EngineEndpoint endpoint, String rootMessage) {
        if (!"tcp".equals(endpoint.host().getScheme())) {
            return Optional.empty();
        }
        String message = rootMessage == null ? "" : rootMessage.toLowerCase(Locale.ROOT);
        if (endpoint.tlsCertDir() == null) {
            if (message.contains("https server") || message.contains("tls") || message.contains("ssl")
                    || message.contains("unexpected end of stream") || message.contains("connection reset")) {
                return Optional.of("The engine expects TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to a directory"
                        + " holding ca.pem, cert.pem and key.pem (for example ~/.docker), or use a Docker context with"
                        + " TLS material.");
            }
            return Optional.empty();
        }
        if (message.contains("certificate") || message.contains("handshake") || message.contains("ssl")
                || message.contains("tls") || message.contains("broken pipe") || message.contains("connection reset")) {
            return Optional.of("The TLS handshake failed with the certificates in " + endpoint.tlsCertDir()
                    + ": DOCKER_CERT_PATH (or the context's TLS material) must hold ca.pem of the engine's CA and a"
                    + " client cert.pem/key.pem that this CA signed.");
        }
        return Optional.empty();
    }
}
