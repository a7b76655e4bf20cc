package io.github.pgimage.core.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.LocalDirectorySSLConfig;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A connection to one engine: docker-java's {@link DockerClient} for the typed API and its
 * {@link DockerHttpClient} for the requests docker-java has no command for (BuildKit builds).
 */
public final class EngineClient implements AutoCloseable {
    private final EngineEndpoint endpoint;
    private final DockerHttpClient http;
    private final DockerClient docker;
    private final EngineVersion version;

    private EngineClient(EngineEndpoint endpoint, DockerHttpClient http, DockerClient docker, EngineVersion version) {
        this.endpoint = endpoint;
        this.http = http;
        this.docker = docker;
        this.version = version;
    }

    /**
     * Opens a client and asks the engine for its version, so that an unreachable engine fails here.
     *
     * @throws EngineUnavailableException naming the endpoint and every discovery step when it does not answer
     */
    public static EngineClient connect(EngineEndpoint endpoint) throws EngineUnavailableException {
        // Built from the endpoint only: docker-java's default config would read the environment again.
        DefaultDockerClientConfig.Builder config = new DefaultDockerClientConfig.Builder()
                .withDockerHost(endpoint.host().toString())
                .withDockerTlsVerify(endpoint.tlsCertDir() != null);
        endpoint.tls().ifPresent(dir -> config.withDockerCertPath(dir.toString()));
        DefaultDockerClientConfig clientConfig = config.build();
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(clientConfig.getDockerHost())
                .sslConfig(endpoint.tls().map(dir -> new LocalDirectorySSLConfig(dir.toString())).orElse(null))
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        DockerClient docker = DockerClientImpl.getInstance(clientConfig, http);
        try {
            Version answer = docker.versionCmd().exec();
            return new EngineClient(endpoint, http, docker, new EngineVersion(answer.getVersion(), answer.getApiVersion()));
        } catch (RuntimeException e) {
            closeQuietly(http);
            String cause = rootMessage(e);
            throw new EngineUnavailableException("No Docker engine answered at " + endpoint.host()
                    + " (from " + endpoint.source() + "): " + cause
                    + TlsAdvice.forFailure(endpoint, cause).map(advice -> ". " + advice).orElse(""), endpoint.tried(), e);
        }
    }

    public EngineEndpoint endpoint() {
        return endpoint;
    }

    /** The version the engine reported when the client connected. */
    public EngineVersion version() {
        return version;
    }

    /** docker-java's typed API over this client's transport; closed with this client. */
    public DockerClient docker() {
        return docker;
    }

    /** The raw transport, for endpoints docker-java has no command for. */
    public DockerHttpClient http() {
        return http;
    }

    /** An API path pinned to the engine's own API version, e.g. {@code /v1.41/build}. */
    public String apiPath(String path) {
        return "/v" + version.apiVersion() + path;
    }

    /** The id ({@code sha256:…}) of a local image, or empty when the engine has no such image. */
    public Optional<String> imageId(String reference) throws EngineException {
        try {
            return Optional.ofNullable(docker.inspectImageCmd(reference).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new EngineException("Cannot inspect image " + reference + ": " + rootMessage(e), e);
        }
    }

    /** Points {@code reference} at {@code imageId}, moving the tag if it pointed elsewhere. */
    public void tag(String imageId, String reference) throws EngineException {
        ImageName name = ImageName.parse(reference);
        try {
            docker.tagImageCmd(imageId, name.repository(), name.tag()).withForce(true).exec();
        } catch (RuntimeException e) {
            throw new EngineException("Cannot tag " + imageId + " as " + name + ": " + rootMessage(e), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(docker);
        closeQuietly(http);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing a connection pool: nothing left to do about a failure
        }
    }

    /** docker-java wraps transport errors several times; the innermost message says what happened. */
    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.trim();
    }
}
