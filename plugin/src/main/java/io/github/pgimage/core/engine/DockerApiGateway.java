package io.github.pgimage.core.engine;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.LocalDirectorySSLConfig;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;

import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.json.JsonTree;

/**
 * The gateway to a Docker-API engine (Docker, Podman's Docker API). What a build asks (version, image inspect, tag,
 * {@code /build}, push) goes over {@link EngineHttp}, a few lines of HTTP/1.1 on the engine's socket; containers and
 * volumes (start, watch, stop) go through docker-java's typed commands, whose client is made at the first such call,
 * so that a build never loads it; upgraded connections get a socket of their own. The only class that sees
 * docker-java; every failure leaves it as an {@link EngineException}.
 */
final class DockerApiGateway implements EngineGateway {

    private final EngineEndpoint endpoint;
    private final EngineHttp http;
    private final EngineVersion version;
    /** docker-java, made at the first container or volume call; null until then. */
    private DockerHttpClient dockerHttp;
    private DockerClient docker;

    private DockerApiGateway(EngineEndpoint endpoint, EngineHttp http, EngineVersion version) {
        this.endpoint = endpoint;
        this.http = http;
        this.version = version;
    }

    static DockerApiGateway connect(EngineEndpoint endpoint) throws EngineUnavailableException {
        EngineHttp http = new EngineHttp(endpoint);
        String cause;
        Exception failure = null;
        try (EngineHttp.Response response = http.get("/version")) {
            String body = response.text();
            if (response.ok()) {
                Object answer = JsonTree.parse(body);
                List<String> components = new ArrayList<>();
                JsonTree.array(JsonTree.object(answer).get("Components"))
                        .forEach(c -> components.add(String.valueOf(JsonTree.text(c, "Name"))));
                return new DockerApiGateway(endpoint, http, new EngineVersion(JsonTree.text(answer, "Version"),
                        JsonTree.text(answer, "ApiVersion"), EngineKind.fromComponents(components)));
            }
            cause = "HTTP " + response.status() + ": " + engineMessage(body);
        } catch (IOException | RuntimeException e) {
            failure = e;
            cause = rootMessage(e);
        }
        throw new EngineUnavailableException("No Docker engine answered at " + endpoint.host()
                + " (from " + endpoint.source() + "): " + cause
                + TlsAdvice.forFailure(endpoint, cause).map(advice -> ". " + advice).orElse(""), endpoint.tried(), failure);
    }

    /** docker-java's client, made on first use: only container and volume calls need it. */
    private synchronized DockerClient docker() {
        if (docker == null) {
            // Built from the endpoint only: docker-java's default config would read the environment again.
            DefaultDockerClientConfig.Builder config = new DefaultDockerClientConfig.Builder()
                    .withDockerHost(endpoint.host().toString())
                    .withDockerTlsVerify(endpoint.tlsCertDir() != null);
            endpoint.tls().ifPresent(dir -> config.withDockerCertPath(dir.toString()));
            DefaultDockerClientConfig clientConfig = config.build();
            dockerHttp = new ApacheDockerHttpClient.Builder()
                    .dockerHost(clientConfig.getDockerHost())
                    .sslConfig(endpoint.tls().map(dir -> new LocalDirectorySSLConfig(dir.toString())).orElse(null))
                    .connectionTimeout(Duration.ofSeconds(10))
                    .build();
            docker = DockerClientImpl.getInstance(clientConfig, dockerHttp);
        }
        return docker;
    }

    @Override
    public EngineEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public EngineVersion version() {
        return version;
    }

    /** An API path pinned to the engine's own API version, e.g. {@code /v1.41/build}. */
    String apiPath(String path) {
        return "/v" + version.apiVersion() + path;
    }

    // ---- images

    @Override
    public boolean containerdImageStore() {
        try (EngineHttp.Response response = http.get(apiPath("/info"))) {
            if (!response.ok()) {
                return false;
            }
            for (Object pair : JsonTree.array(JsonTree.object(JsonTree.parse(response.text())).get("DriverStatus"))) {
                for (Object value : JsonTree.array(pair)) {
                    if ("io.containerd.snapshotter.v1".equals(value)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // an engine that does not answer info has no store to tell of
        }
    }

    /** The image's inspect document, or empty when the engine has no such image. */
    private Optional<Map<String, Object>> inspectImage(String reference) throws EngineException {
        try (EngineHttp.Response response = http.get(apiPath("/images/" + reference + "/json"))) {
            String body = response.text();
            if (response.status() == 404) {
                return Optional.empty();
            }
            if (!response.ok()) {
                throw new EngineRequestException("Cannot inspect image " + reference, response.status(), engineMessage(body));
            }
            return Optional.of(JsonTree.object(JsonTree.parse(body)));
        } catch (IOException | RuntimeException e) {
            throw failure("Cannot inspect image " + reference, e);
        }
    }

    @Override
    public Optional<String> imageId(String reference) throws EngineException {
        return inspectImage(reference).map(image -> JsonTree.text(image, "Id"));
    }

    @Override
    public Map<String, String> imageLabels(String reference) throws EngineException {
        Optional<Map<String, Object>> image = inspectImage(reference);
        return image.map(i -> Map.copyOf(JsonTree.strings(JsonTree.object(i.get("Config")).get("Labels"))))
                .orElse(Map.of());
    }

    @Override
    public ImageHistory imageHistory(String reference) throws EngineException {
        Optional<Map<String, Object>> image = inspectImage(reference);
        if (image.isEmpty()) {
            return ImageHistory.NONE;
        }
        String os = JsonTree.text(image.get(), "Os");
        String architecture = JsonTree.text(image.get(), "Architecture");
        String variant = JsonTree.text(image.get(), "Variant");
        String platform = os == null || architecture == null ? null
                : os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
        try (EngineHttp.Response response = http.get(apiPath("/images/" + reference + "/history"))) {
            String body = response.text();
            if (response.status() == 404) {
                return ImageHistory.NONE; // removed since the inspection
            }
            if (!response.ok()) {
                throw new EngineRequestException("Cannot read the history of image " + reference, response.status(),
                        engineMessage(body));
            }
            List<ImageHistoryEntry> entries = new ArrayList<>();
            for (Object entry : JsonTree.array(JsonTree.parse(body))) {
                entries.add(0, new ImageHistoryEntry(JsonTree.text(entry, "CreatedBy"),
                        JsonTree.longValue(JsonTree.object(entry).get("Size"), 0), JsonTree.text(entry, "Comment")));
            }
            return new ImageHistory(platform, entries); // the engine lists the newest first
        } catch (IOException | RuntimeException e) {
            throw failure("Cannot read the history of image " + reference, e);
        }
    }

    @Override
    public List<String> imageEntrypoint(String reference) throws EngineException {
        Optional<Map<String, Object>> image = inspectImage(reference);
        return image.map(i -> JsonTree.array(JsonTree.object(i.get("Config")).get("Entrypoint")).stream()
                .map(String::valueOf).toList()).orElse(List.of());
    }

    @Override
    public void tag(String imageId, ImageReference reference) throws EngineException {
        call("Cannot tag " + imageId + " as " + reference, "POST", apiPath("/images/" + imageId + "/tag?repo="
                + query(reference.repository()) + "&tag=" + query(reference.tagOrLatest())), false);
    }

    @Override
    public void removeImage(String reference) throws EngineException {
        call("Cannot remove image " + reference, "DELETE", apiPath("/images/" + reference), true);
    }

    /** A request whose answer is read whole; a refusal becomes an {@link EngineRequestException}. */
    private void call(String what, String method, String path, boolean goneIsFine) throws EngineException {
        try (EngineHttp.Response response = http.send(method, path, Map.of(), null)) {
            String body = response.text();
            if (!response.ok() && !(goneIsFine && response.status() == 404)) {
                throw new EngineRequestException(what, response.status(), engineMessage(body));
            }
        } catch (IOException | RuntimeException e) {
            throw failure(what, e);
        }
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- streamed requests

    @Override
    public InputStream build(String query, InputStream context) throws EngineException {
        return stream("The engine refused the build", "POST", apiPath("/build?" + query),
                Map.of("Content-Type", "application/x-tar"), context);
    }

    @Override
    public void cancelBuild(String buildId) throws EngineException {
        try (EngineHttp.Response response = http.send("POST", apiPath("/build/cancel?id=" + query(buildId)), Map.of(), null)) {
            if (!response.ok()) {
                throw new EngineRequestException("The engine did not cancel build " + buildId,
                        response.status(), readMessage(response.body()));
            }
        } catch (IOException | RuntimeException e) {
            throw failure("Cannot cancel build " + buildId, e);
        }
    }

    @Override
    public InputStream push(ImageReference reference, String registryAuth) throws EngineException {
        // the repository goes into the path as is: its '/' and ':' are path characters the engine expects
        return stream("The engine refused the push", "POST", apiPath("/images/" + reference.repository()
                + "/push?tag=" + query(reference.tagOrLatest())), Map.of("X-Registry-Auth", registryAuth), null);
    }

    /** Executes a request whose answer is read as it arrives; the stream closes the connection. */
    private InputStream stream(String refusal, String method, String path, Map<String, String> headers, InputStream body)
            throws EngineException {
        EngineHttp.Response response;
        try {
            response = http.send(method, path, headers, body);
        } catch (IOException | RuntimeException e) {
            throw failure("Cannot reach the engine at " + endpoint.host(), e);
        }
        try {
            if (!response.ok()) {
                String message = readMessage(response.body());
                closeQuietly(response);
                throw new EngineRequestException(refusal, response.status(), message);
            }
            return new FilterInputStream(response.body()) {
                @Override
                public void close() {
                    // The connection, not the body: closing a chunked body would read an unfinished answer (a build
                    // given up on) to its end.
                    closeQuietly(response);
                }
            };
        } catch (IOException | RuntimeException e) {
            closeQuietly(response);
            throw failure(refusal, e);
        }
    }

    // ---- raw connections

    @Override
    public RawConnection upgrade(String path, String protocol, Map<String, List<String>> headers) throws EngineException {
        RawConnection connection = null;
        try {
            connection = RawConnection.open(endpoint);
            ConnectionUpgrade.perform(connection, path, protocol, headers);
            return connection;
        } catch (IOException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof EngineException known) {
                throw known;
            }
            String cause = rootMessage(e);
            throw new EngineException("Cannot open a connection to the engine at " + endpoint.host() + " (from "
                    + endpoint.source() + ") for POST " + path + ": " + cause
                    + TlsAdvice.forFailure(endpoint, cause).map(advice -> ". " + advice).orElse(""), e);
        }
    }

    // ---- containers and volumes

    @Override
    public boolean volumeExists(String name) throws EngineException {
        try {
            docker().inspectVolumeCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw failure("Cannot inspect volume " + name, e);
        }
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) throws EngineException {
        try {
            docker().createVolumeCmd().withName(name).withLabels(labels).exec();
        } catch (RuntimeException e) {
            throw failure("Cannot create volume " + name, e);
        }
    }

    @Override
    public String createContainer(ContainerSpec spec) throws EngineException {
        ExposedPort port = ExposedPort.tcp(spec.containerPort());
        Ports.Binding hostSide = spec.hostPort() == 0
                ? Ports.Binding.bindIp(spec.bindIp())
                : Ports.Binding.bindIpAndPort(spec.bindIp(), spec.hostPort());
        HostConfig host = HostConfig.newHostConfig().withPortBindings(new PortBinding(hostSide, port));
        if (spec.volume() != null) {
            host.withBinds(new Bind(spec.volume(), new Volume(spec.mountPath())));
        }
        try {
            var create = docker().createContainerCmd(spec.image())
                    .withEnv(spec.env())
                    .withLabels(spec.labels())
                    .withExposedPorts(port)
                    .withHostConfig(host);
            if (!spec.command().isEmpty()) {
                create.withCmd(spec.command());
            }
            return create.exec().getId();
        } catch (RuntimeException e) {
            throw failure("Cannot create a container from " + spec.image(), e);
        }
    }

    @Override
    public void startContainer(String containerId) throws EngineException {
        try {
            docker().startContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            throw failure("Cannot start container " + containerId, e);
        }
    }

    @Override
    public ContainerState inspectContainer(String containerId, int containerPort) throws EngineException {
        InspectContainerResponse inspected;
        try {
            inspected = docker().inspectContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            throw failure("Cannot inspect container " + containerId, e);
        }
        InspectContainerResponse.ContainerState state = inspected.getState();
        boolean running = state != null && Boolean.TRUE.equals(state.getRunning());
        Long exitCode = state == null ? null : state.getExitCodeLong();
        return new ContainerState(running, exitCode == null ? -1 : exitCode,
                state == null ? "unknown" : String.valueOf(state.getStatus()), hostPort(inspected, containerPort));
    }

    /** The published host port; none before the container runs (the engine assigns a random port at start). */
    private static int hostPort(InspectContainerResponse inspected, int containerPort) {
        if (inspected.getNetworkSettings() == null || inspected.getNetworkSettings().getPorts() == null) {
            return 0;
        }
        Ports.Binding[] bindings = inspected.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(containerPort));
        if (bindings == null) {
            return 0;
        }
        for (Ports.Binding binding : bindings) {
            String spec = binding.getHostPortSpec();
            if (spec != null && spec.matches("\\d+")) {
                return Integer.parseInt(spec);
            }
        }
        return 0;
    }

    @Override
    public String containerLog(String containerId, int tailLines) throws EngineException, InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ResultCallback.Adapter<Frame> callback = docker().logContainerCmd(containerId)
                    .withStdOut(true).withStdErr(true).withTail(tailLines)
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            synchronized (bytes) {
                                bytes.writeBytes(frame.getPayload());
                            }
                        }
                    });
            if (!callback.awaitCompletion(30, TimeUnit.SECONDS)) {
                callback.close();
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failure("Cannot read the log of container " + containerId, e);
        }
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public AutoCloseable followContainerLog(String containerId, Consumer<String> lines) throws EngineException {
        try {
            return docker().logContainerCmd(containerId)
                    .withStdOut(true).withStdErr(true).withFollowStream(true)
                    .exec(new ResultCallback.Adapter<>() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public void onNext(Frame frame) {
                            // frames are chunks of output, not lines: hand out whole lines only
                            partial.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            int end;
                            while ((end = partial.indexOf("\n")) >= 0) {
                                lines.accept(partial.substring(0, end).stripTrailing());
                                partial.delete(0, end + 1);
                            }
                        }
                    });
        } catch (RuntimeException e) {
            throw failure("Cannot follow the log of container " + containerId, e);
        }
    }

    @Override
    public List<String> containersLabelled(String key, String value) throws EngineException {
        try {
            List<String> ids = new ArrayList<>();
            for (Container container : docker().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(key, value)).exec()) {
                ids.add(container.getId());
            }
            return ids;
        } catch (RuntimeException e) {
            throw failure("Cannot list the containers labelled " + key + "=" + value, e);
        }
    }

    @Override
    public List<String> volumesLabelled(String key, String value) throws EngineException {
        try {
            var volumes = docker().listVolumesCmd().withFilter("label", List.of(key + "=" + value)).exec().getVolumes();
            List<String> names = new ArrayList<>();
            if (volumes != null) {
                volumes.forEach(volume -> names.add(volume.getName()));
            }
            return names;
        } catch (RuntimeException e) {
            throw failure("Cannot list the volumes labelled " + key + "=" + value, e);
        }
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) throws EngineException {
        try {
            docker().stopContainerCmd(containerId).withTimeout((int) Math.max(0, timeout.toSeconds())).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped, or already gone: both are what stop wants
        } catch (RuntimeException e) {
            throw failure("Cannot stop container " + containerId, e);
        }
    }

    @Override
    public void removeContainer(String containerId) throws EngineException {
        try {
            docker().removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (RuntimeException e) {
            throw failure("Cannot remove container " + containerId, e);
        }
    }

    @Override
    public void removeVolume(String name) throws EngineException {
        try {
            docker().removeVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (RuntimeException e) {
            throw failure("Cannot remove volume " + name, e);
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(docker);
        closeQuietly(dockerHttp);
    }

    // ---- the one error translation

    /**
     * docker-java's unchecked errors (and the transport's I/O errors it wraps several times) as an
     * {@link EngineException} naming what was attempted and the innermost message, which says what happened.
     */
    private static EngineException failure(String what, Exception e) {
        if (e instanceof EngineException known) {
            return known;
        }
        return new EngineException(what + ": " + rootMessage(e), e);
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.trim();
    }

    private static String readMessage(InputStream body) throws IOException {
        return body == null ? "" : engineMessage(new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8));
    }

    /** Error answers are {@code {"message":"…"}}; anything else is shown as sent. */
    static String engineMessage(String text) {
        String trimmed = text.strip();
        try {
            String message = JsonTree.text(JsonTree.parse(trimmed), "message");
            if (message != null) {
                return message;
            }
        } catch (IOException e) {
            // not JSON: show the raw text
        }
        return trimmed;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // closing a connection or pool: nothing left to do about a failure
        }
    }
}
