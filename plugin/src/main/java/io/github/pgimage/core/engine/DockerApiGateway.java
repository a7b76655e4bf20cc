package io.github.pgimage.core.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.json.JsonTree;

/**
 * The gateway to a Docker-API engine (Docker, Podman's Docker API): every request goes over {@link EngineHttp}, a few
 * lines of HTTP/1.1 on the engine's socket, with answers read by {@link JsonTree}; upgraded connections get a socket
 * of their own. No client library: nothing of the plugin's traffic reaches a wire logger (a container's password
 * travels in its create request). Every failure leaves it as an {@link EngineException}.
 */
final class DockerApiGateway implements EngineGateway {

    private final EngineEndpoint endpoint;
    private final EngineHttp http;
    private final EngineVersion version;

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
        } catch (EngineTimeoutException e) {
            throw e; // names the address and the setting to raise
        } catch (IOException | RuntimeException e) {
            failure = e;
            cause = rootMessage(e);
        }
        throw new EngineUnavailableException("No Docker engine answered at " + endpoint.host()
                + " (from " + endpoint.source() + "): " + cause
                + TlsAdvice.forFailure(endpoint, cause).map(advice -> ". " + advice).orElse(""), endpoint.tried(), failure);
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
                + query(reference.repository()) + "&tag=" + query(reference.tagOrLatest())), null);
    }

    @Override
    public void removeImage(String reference) throws EngineException {
        call("Cannot remove image " + reference, "DELETE", apiPath("/images/" + reference), null, 404);
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
                        response.status(), readMessage(response));
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
                String message = readMessage(response);
                closeQuietly(response);
                throw new EngineRequestException(refusal, response.status(), message);
            }
            return new FilterInputStream(response.stream()) {
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
        AnswerWatch watch = null;
        try {
            connection = RawConnection.open(endpoint);
            watch = AnswerWatch.start(connection, endpoint, "POST " + path, Duration.ZERO);
            ConnectionUpgrade.perform(connection, path, protocol, headers);
            return connection;
        } catch (IOException | RuntimeException e) {
            closeQuietly(connection);
            if (watch != null && watch.timedOut()) {
                throw watch.timeout();
            }
            if (e instanceof EngineException known) {
                throw known;
            }
            String cause = rootMessage(e);
            throw new EngineException("Cannot open a connection to the engine at " + endpoint.host() + " (from "
                    + endpoint.source() + ") for POST " + path + ": " + cause
                    + TlsAdvice.forFailure(endpoint, cause).map(advice -> ". " + advice).orElse(""), e);
        } finally {
            closeQuietly(watch);
        }
    }

    // ---- containers and volumes

    @Override
    public boolean volumeExists(String name) throws EngineException {
        return call("Cannot inspect volume " + name, "GET", apiPath("/volumes/" + segment(name)), null, 404) != null;
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) throws EngineException {
        Map<String, Object> volume = new LinkedHashMap<>();
        volume.put("Name", name);
        volume.put("Labels", labels);
        call("Cannot create volume " + name, "POST", apiPath("/volumes/create"), volume);
    }

    @Override
    public String createContainer(ContainerSpec spec) throws EngineException {
        String what = "Cannot create a container from " + spec.image();
        String id = JsonTree.text(parse(what, call(what, "POST", apiPath("/containers/create"), containerConfig(spec))), "Id");
        if (id == null || id.isBlank()) {
            throw new EngineException(what + ": the engine named no container id");
        }
        return id;
    }

    /** The create request's body: the image, its environment and labels, one published port, the data volume. */
    static Map<String, Object> containerConfig(ContainerSpec spec) {
        String port = spec.containerPort() + "/tcp";
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("HostIp", spec.bindIp());
        binding.put("HostPort", spec.hostPort() == 0 ? "" : Integer.toString(spec.hostPort())); // "": the engine picks
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("PortBindings", Map.of(port, List.of(binding)));
        if (spec.volume() != null) {
            host.put("Binds", List.of(spec.volume() + ":" + spec.mountPath()));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Image", spec.image());
        config.put("Env", spec.env());
        config.put("Labels", spec.labels());
        if (!spec.command().isEmpty()) {
            config.put("Cmd", spec.command());
        }
        config.put("ExposedPorts", Map.of(port, Map.of()));
        config.put("HostConfig", host);
        return config;
    }

    @Override
    public void startContainer(String containerId) throws EngineException {
        String what = "Cannot start container " + containerId;
        try {
            // 304: it runs already
            call(what, "POST", apiPath("/containers/" + segment(containerId) + "/start"), null, 304);
        } catch (EngineRequestException e) {
            if (e.engineMessage().contains(CONMON_GONE)) {
                throw new EngineRequestException(what, e.status(), e.engineMessage(), CONMON_GONE_ADVICE);
            }
            throw e;
        }
    }

    /**
     * Podman's words when conmon ended before Podman signalled it to go on: the usual cause is a service whose working
     * directory was deleted (conmon starts there and stops with "[conmon:e] Failed to get working directory").
     */
    private static final String CONMON_GONE = "write child: broken pipe";
    private static final String CONMON_GONE_ADVICE = "Podman's conmon ended as soon as it started; it does so when the directory"
            + " the Podman service was started in no longer exists (the service's log says '[conmon:e] Failed to get"
            + " working directory'): restart 'podman system service' from an existing directory, e.g. /";

    @Override
    public ContainerState inspectContainer(String containerId, int containerPort) throws EngineException {
        String what = "Cannot inspect container " + containerId;
        Map<String, Object> container = JsonTree.object(parse(what,
                call(what, "GET", apiPath("/containers/" + segment(containerId) + "/json"), null)));
        Map<String, Object> state = JsonTree.object(container.get("State"));
        return new ContainerState(Boolean.TRUE.equals(state.get("Running")), JsonTree.longValue(state.get("ExitCode"), -1),
                state.get("Status") == null ? "unknown" : String.valueOf(state.get("Status")),
                hostPort(container, containerPort));
    }

    /** The published host port; none before the container runs (the engine assigns a random port at start). */
    private static int hostPort(Map<String, Object> container, int containerPort) {
        Map<String, Object> ports = JsonTree.object(JsonTree.object(container.get("NetworkSettings")).get("Ports"));
        for (Object binding : JsonTree.array(ports.get(containerPort + "/tcp"))) {
            String port = JsonTree.text(binding, "HostPort");
            if (port != null && port.matches("\\d+")) {
                return Integer.parseInt(port);
            }
        }
        return 0;
    }

    @Override
    public String containerLog(String containerId, int tailLines) throws EngineException {
        String what = "Cannot read the log of container " + containerId;
        try (EngineHttp.Response response = http.get(apiPath("/containers/" + segment(containerId)
                + "/logs?stdout=true&stderr=true&tail=" + tailLines))) {
            if (!response.ok()) {
                throw new EngineRequestException(what, response.status(), engineMessage(response.text()));
            }
            StringBuilder text = new StringBuilder();
            readLines(new LogFrames(response.body()), line -> text.append(line).append('\n'), text::append);
            return text.toString();
        } catch (IOException | RuntimeException e) {
            throw failure(what, e);
        }
    }

    @Override
    public AutoCloseable followContainerLog(String containerId, Consumer<String> lines) throws EngineException {
        String what = "Cannot follow the log of container " + containerId;
        EngineHttp.Response response;
        try {
            response = http.get(apiPath("/containers/" + segment(containerId) + "/logs?stdout=true&stderr=true&follow=true"));
            if (!response.ok()) {
                String message = engineMessage(response.text());
                closeQuietly(response);
                throw new EngineRequestException(what, response.status(), message);
            }
        } catch (IOException | RuntimeException e) {
            throw failure(what, e);
        }
        LogFrames frames = new LogFrames(response.stream()); // a quiet database writes nothing for hours
        Thread reader = new Thread(() -> {
            Consumer<String> line = text -> lines.accept(text.stripTrailing());
            try {
                readLines(frames, line, line);
            } catch (IOException | RuntimeException e) {
                // the handle was closed, or the engine went away: the log ends here
            } finally {
                closeQuietly(response);
            }
        }, "pgimage-log-" + containerId.substring(0, Math.min(12, containerId.length())));
        reader.setDaemon(true);
        reader.start();
        return () -> closeQuietly(response);
    }

    /** Every frame of a log as lines, to its end; a stream's last line without a newline goes to {@code unterminated}. */
    private static void readLines(LogFrames frames, Consumer<String> whole, Consumer<String> unterminated)
            throws IOException {
        LogFrames.Lines lines = new LogFrames.Lines(whole, unterminated);
        for (LogFrames.Frame frame = frames.next(); frame != null; frame = frames.next()) {
            lines.accept(frame);
        }
        lines.finish();
    }

    @Override
    public List<String> containersLabelled(String key, String value) throws EngineException {
        String what = "Cannot list the containers labelled " + key + "=" + value;
        List<String> ids = new ArrayList<>();
        for (Object container : JsonTree.array(parse(what, call(what, "GET",
                apiPath("/containers/json?all=true&filters=" + labelFilter(key, value)), null)))) {
            ids.add(JsonTree.text(container, "Id"));
        }
        return ids;
    }

    @Override
    public List<String> volumesLabelled(String key, String value) throws EngineException {
        String what = "Cannot list the volumes labelled " + key + "=" + value;
        List<String> names = new ArrayList<>();
        for (Object volume : JsonTree.array(JsonTree.object(parse(what, call(what, "GET",
                apiPath("/volumes?filters=" + labelFilter(key, value)), null))).get("Volumes"))) {
            names.add(JsonTree.text(volume, "Name"));
        }
        return names;
    }

    /** The engine's list filter for one label, {@code {"label":["key=value"]}}, ready for the query string. */
    private static String labelFilter(String key, String value) {
        return query(JsonTree.write(Map.of("label", List.of(key + "=" + value))));
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) throws EngineException {
        long seconds = Math.max(0, timeout.toSeconds());
        String what = "Cannot stop container " + containerId;
        // The engine answers once the container stopped: after its stop signal, or the kill `seconds` later.
        // 304: stopped already; 404: gone already. Both are what stop wants.
        try (EngineHttp.Response response = http.send("POST", apiPath("/containers/" + segment(containerId)
                + "/stop?t=" + seconds), Map.of(), null, Duration.ofSeconds(seconds))) {
            String body = response.text();
            if (!response.ok() && response.status() != 304 && response.status() != 404) {
                throw new EngineRequestException(what, response.status(), engineMessage(body));
            }
        } catch (IOException | RuntimeException e) {
            throw failure(what, e);
        }
    }

    @Override
    public void removeContainer(String containerId) throws EngineException {
        call("Cannot remove container " + containerId, "DELETE",
                apiPath("/containers/" + segment(containerId) + "?force=true&v=true"), null, 404);
    }

    @Override
    public void removeVolume(String name) throws EngineException {
        call("Cannot remove volume " + name, "DELETE", apiPath("/volumes/" + segment(name)), null, 404);
    }

    @Override
    public void close() {
        // every request has its own connection, closed with its answer
    }

    // ---- typed calls

    /**
     * A request whose answer is a small JSON document, read whole.
     *
     * @param json   the request's body, written as JSON, or null for none
     * @param absent statuses that mean "nothing there" (a 404 of an object already gone), answered with null
     * @return the answer's text; null for an {@code absent} status
     * @throws EngineRequestException any other status but 2xx, with the engine's words
     */
    private String call(String what, String method, String path, Object json, int... absent) throws EngineException {
        try (EngineHttp.Response response = json == null ? http.send(method, path, Map.of(), null)
                : http.sendJson(method, path, JsonTree.write(json))) {
            String body = response.text();
            if (response.ok()) {
                return body;
            }
            for (int status : absent) {
                if (response.status() == status) {
                    return null;
                }
            }
            throw new EngineRequestException(what, response.status(), engineMessage(body));
        } catch (IOException | RuntimeException e) {
            throw failure(what, e);
        }
    }

    private static Object parse(String what, String json) throws EngineException {
        try {
            return JsonTree.parse(json);
        } catch (IOException e) {
            throw new EngineException(what + ": the engine's answer is not JSON: " + e.getMessage(), e);
        }
    }

    /** A name or id as one segment of a request path. */
    private static String segment(String name) {
        return query(name).replace("+", "%20");
    }

    // ---- the one error translation

    /**
     * An I/O or unexpected error as an {@link EngineException} naming what was attempted and the innermost message,
     * which says what happened; the gateway's own errors (a refusal, a timeout) pass as they are.
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

    private static String readMessage(EngineHttp.Response response) throws IOException {
        return engineMessage(response.text(64 * 1024));
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
