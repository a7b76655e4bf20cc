package io.github.pgimage.core.engine;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the engine is and how to reach it.
 *
 * @param host       {@code unix:///path} or {@code tcp://host:port}
 * @param tlsCertDir a directory with {@code ca.pem}, {@code cert.pem} and {@code key.pem} when the
 *                   engine is reached over TLS (the server certificate is always verified), else null
 * @param source     where this endpoint came from, for messages ("DOCKER_HOST", "Docker context 'x'")
 * @param tried      every discovery step consulted up to and including this one, for error messages
 */
public record EngineEndpoint(URI host, Path tlsCertDir, String source, List<String> tried) {
    public EngineEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(source, "source");
        tried = List.copyOf(tried);
    }

    public Optional<Path> tls() {
        return Optional.ofNullable(tlsCertDir);
    }

    @Override
    public String toString() {
        return host + (tlsCertDir == null ? "" : " (TLS, certificates in " + tlsCertDir + ")") + " from " + source;
    }
}
