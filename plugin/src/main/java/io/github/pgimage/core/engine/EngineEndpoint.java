package io.github.pgimage.core.engine;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the engine is and how to reach it.
 *
 * @param host       {@code unix:///path}, {@code tcp://host:port} or {@code ssh://[user@]host[:port][/socket path]}
 * @param tlsCertDir a directory with {@code ca.pem}, {@code cert.pem} and {@code key.pem} when the
 *                   engine is reached over TLS (the server certificate is always verified), else null
 * @param source     where this endpoint came from, for messages ("DOCKER_HOST", "Docker context 'x'")
 * @param tried      every discovery step consulted up to and including this one, for error messages
 * @param patience   how long a request may wait for the engine's answer, and who hears of a long wait
 * @param ssh        the ssh client that reaches an {@code ssh://} engine (unused for the others)
 */
public record EngineEndpoint(URI host, Path tlsCertDir, String source, List<String> tried, Patience patience,
                             SshClient ssh) {
    public EngineEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(patience, "patience");
        Objects.requireNonNull(ssh, "ssh");
        tried = List.copyOf(tried);
    }

    /** An endpoint with {@link Patience#DEFAULT}. */
    public EngineEndpoint(URI host, Path tlsCertDir, String source, List<String> tried) {
        this(host, tlsCertDir, source, tried, Patience.DEFAULT);
    }

    /** An endpoint reached over ssh with the system's client. */
    public EngineEndpoint(URI host, Path tlsCertDir, String source, List<String> tried, Patience patience) {
        this(host, tlsCertDir, source, tried, patience, SshClient.SYSTEM);
    }

    /** The same engine, waited for as {@code patience} says. */
    public EngineEndpoint withPatience(Patience patience) {
        return new EngineEndpoint(host, tlsCertDir, source, tried, patience, ssh);
    }

    /** The same engine, reached with this ssh client when it is an {@code ssh://} one. */
    public EngineEndpoint withSsh(SshClient ssh) {
        return new EngineEndpoint(host, tlsCertDir, source, tried, patience, ssh);
    }

    /** Where the engine is and where that came from, for messages: {@code unix:///var/run/docker.sock (from DOCKER_HOST)}. */
    public String describe() {
        return host + " (from " + source + ")";
    }

    public Optional<Path> tls() {
        return Optional.ofNullable(tlsCertDir);
    }

    @Override
    public String toString() {
        return host + (tlsCertDir == null ? "" : " (TLS, certificates in " + tlsCertDir + ")") + " from " + source;
    }
}
