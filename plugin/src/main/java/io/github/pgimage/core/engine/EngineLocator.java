package io.github.pgimage.core.engine;

import java.io.IOException;
import java.net.URI;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import io.github.pgimage.core.json.JsonTree;

/**
 * Finds the engine the way the Docker CLI does, in this order: the {@code dockerHost} parameter,
 * {@code DOCKER_HOST} (TLS from {@code DOCKER_TLS_VERIFY}/{@code DOCKER_CERT_PATH}), the current
 * Docker context ({@code DOCKER_CONTEXT} or {@code currentContext} of {@code config.json}), then the
 * default socket when it accepts connections; then rootless Docker's socket, {@code $XDG_RUNTIME_DIR/docker.sock}
 * (without {@code XDG_RUNTIME_DIR}, {@code /run/user/UID/docker.sock} for a user other than root), where the Docker
 * CLI would need {@code DOCKER_HOST} or the {@code rootless} context; after Docker's places Podman's:
 * {@code CONTAINER_HOST}, then {@code $XDG_RUNTIME_DIR/podman/podman.sock} (rootless) and
 * {@code /run/podman/podman.sock} (rootful) when they accept connections; else the default socket, reported with
 * every place tried. An address that is set ({@code dockerHost}, {@code DOCKER_HOST}, a context, {@code
 * CONTAINER_HOST}) wins without being checked for an answer here (see {@link EngineGateway#connect}), so that a
 * misconfigured engine is reported instead of silently replaced by another one; the sockets found by looking are
 * only taken when they accept a connection, so that a root-owned default socket a user may not open, or one left
 * by a stopped engine, gives way to the user's own rootless engine.
 */
public final class EngineLocator {
    public static final URI DEFAULT_SOCKET = URI.create("unix:///var/run/docker.sock");
    public static final Path ROOTFUL_PODMAN_SOCKET = Path.of("/run/podman/podman.sock");
    private static final String CERT_FILES_HINT = "ca.pem, cert.pem and key.pem";

    /** No user id is known: {@code /run/user/UID} is not looked at. */
    static final int UNKNOWN_USER = -1;

    private final Map<String, String> env;
    private final Path home;
    private final Function<Path, Optional<String>> socketProblem;
    private final int uid;
    private final Patience patience;
    private final SshClient ssh;

    /**
     * @param env  the environment to read ({@code System.getenv()} in production)
     * @param home the user's home directory (holds {@code .docker/} unless {@code DOCKER_CONFIG} says otherwise)
     */
    public EngineLocator(Map<String, String> env, Path home) {
        this(env, home, EngineLocator::socketProblem, currentUser());
    }

    /**
     * A locator that knows no user id ({@code /run/user/UID} is not looked at).
     *
     * @param socketExists whether a socket file exists and accepts connections (a set in tests)
     */
    public EngineLocator(Map<String, String> env, Path home, Predicate<Path> socketExists) {
        this(env, home, socket -> socketExists.test(socket) ? Optional.empty() : Optional.of("does not exist"),
                UNKNOWN_USER);
    }

    /**
     * @param socketProblem why a socket file cannot be used ("does not exist", "refuses connections (…)"), or empty
     *                      when it accepts connections: {@link #socketProblem(Path)} in production
     * @param uid           the user's id, for rootless Docker's {@code /run/user/UID/docker.sock}; {@code -1} unknown
     */
    public EngineLocator(Map<String, String> env, Path home, Function<Path, Optional<String>> socketProblem, int uid) {
        this(env, home, socketProblem, uid, Patience.DEFAULT, SshClient.SYSTEM);
    }

    private EngineLocator(Map<String, String> env, Path home, Function<Path, Optional<String>> socketProblem, int uid,
                          Patience patience, SshClient ssh) {
        this.env = Map.copyOf(env);
        this.home = Objects.requireNonNull(home, "home");
        this.socketProblem = Objects.requireNonNull(socketProblem, "socketProblem");
        this.uid = uid;
        this.patience = Objects.requireNonNull(patience, "patience");
        this.ssh = Objects.requireNonNull(ssh, "ssh");
    }

    /** The same search, and the endpoint found is waited for as {@code patience} says. */
    public EngineLocator withPatience(Patience patience) {
        return new EngineLocator(env, home, socketProblem, uid, patience, ssh);
    }

    /** The same search, and an {@code ssh://} engine is reached with this ssh client. */
    public EngineLocator withSsh(SshClient ssh) {
        return new EngineLocator(env, home, socketProblem, uid, patience, ssh);
    }

    /** The locator for this process: its environment, {@code user.home} and user id. */
    public static EngineLocator forThisProcess() {
        return new EngineLocator(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Why the socket file cannot be used, or empty when it accepts a connection: it does not exist, or it refuses
     * (a root-owned socket a user may not open, a file left by an engine that stopped). The connection is closed
     * at once; one waiting in the engine's backlog counts as accepted (an engine that is only busy), and a connect
     * never waits: an engine whose backlog is full refuses here, as it would refuse the requests.
     */
    static Optional<String> socketProblem(Path socket) {
        if (!Files.exists(socket)) {
            return Optional.of("does not exist");
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.configureBlocking(false);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("refuses connections (" + e.getMessage() + ")");
        }
    }

    /** The process's user id on Linux ({@code /proc/self} belongs to it), else unknown. */
    private static int currentUser() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return UNKNOWN_USER;
        }
    }

    /**
     * @param dockerHost the explicit engine address (the Mojo's {@code dockerHost} parameter), or null/blank
     * @throws EngineUnavailableException when the selected source is unusable (bad address, missing
     *                                    context or certificates)
     */
    public EngineEndpoint locate(String dockerHost) throws EngineUnavailableException {
        return find(dockerHost).withPatience(patience).withSsh(ssh);
    }

    private EngineEndpoint find(String dockerHost) throws EngineUnavailableException {
        List<String> tried = new ArrayList<>();

        if (isSet(dockerHost)) {
            return fromHostSetting(dockerHost.trim(), "dockerHost parameter", tried);
        }
        tried.add("dockerHost parameter: not set");

        String envHost = env.get("DOCKER_HOST");
        if (isSet(envHost)) {
            return fromHostSetting(envHost.trim(), "DOCKER_HOST", tried);
        }
        tried.add("DOCKER_HOST: not set");

        Path configDir = dockerConfigDir();
        String contextName = env.get("DOCKER_CONTEXT");
        String contextOrigin = "DOCKER_CONTEXT";
        if (!isSet(contextName)) {
            contextName = currentContext(configDir, tried);
            contextOrigin = "currentContext in " + configDir.resolve("config.json");
        }
        if (isSet(contextName) && !"default".equals(contextName)) {
            return fromContext(contextName.trim(), contextOrigin, configDir, tried);
        }
        tried.add("Docker context: " + (isSet(contextName) ? "'default' (" + contextOrigin + "), which means the default socket"
                : "none selected (no DOCKER_CONTEXT, no currentContext in " + configDir.resolve("config.json") + ")"));

        Optional<EngineEndpoint> found = socket(Path.of(DEFAULT_SOCKET.getPath()), "the default socket",
                "default socket " + DEFAULT_SOCKET, tried);
        if (found.isEmpty()) {
            found = rootlessDocker(tried);
        }
        if (found.isPresent()) {
            return found.get();
        }

        String containerHost = env.get("CONTAINER_HOST");
        if (isSet(containerHost)) {
            return fromHostSetting(containerHost.trim(), "CONTAINER_HOST", tried);
        }
        tried.add("CONTAINER_HOST: not set");
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (isSet(runtimeDir)) {
            Path rootless = Path.of(runtimeDir.trim(), "podman", "podman.sock");
            found = socket(rootless, "Podman's rootless socket", "Podman's rootless socket " + rootless, tried);
        } else {
            tried.add("Podman's rootless socket: XDG_RUNTIME_DIR not set");
        }
        if (found.isEmpty()) {
            found = socket(ROOTFUL_PODMAN_SOCKET, "Podman's socket", "Podman's socket " + ROOTFUL_PODMAN_SOCKET, tried);
        }
        return found.orElseGet(() -> new EngineEndpoint(DEFAULT_SOCKET, null, "the default socket", tried));
    }

    /**
     * Rootless Docker ({@code dockerd-rootless.sh}) listens on {@code $XDG_RUNTIME_DIR/docker.sock}; a session without
     * {@code XDG_RUNTIME_DIR} (cron, {@code su}) still has the systemd default {@code /run/user/UID} for its user.
     * Root runs no rootless engine.
     */
    private Optional<EngineEndpoint> rootlessDocker(List<String> tried) {
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        Path socket;
        if (isSet(runtimeDir)) {
            socket = Path.of(runtimeDir.trim(), "docker.sock");
        } else if (uid > 0) {
            socket = Path.of("/run/user", Integer.toString(uid), "docker.sock");
        } else {
            tried.add("rootless Docker's socket: XDG_RUNTIME_DIR not set" + (uid == 0 ? " (and root runs none)" : ""));
            return Optional.empty();
        }
        return socket(socket, "rootless Docker's socket", "rootless Docker's socket " + socket, tried);
    }

    /** The socket when it accepts connections; either way one line in {@code tried}. */
    private Optional<EngineEndpoint> socket(Path socket, String source, String step, List<String> tried) {
        Optional<String> problem = socketProblem.apply(socket);
        if (problem.isPresent()) {
            tried.add(step + ": " + problem.get());
            return Optional.empty();
        }
        tried.add(step);
        return Optional.of(new EngineEndpoint(URI.create("unix://" + socket), null, source, tried));
    }

    private EngineEndpoint fromHostSetting(String value, String source, List<String> tried)
            throws EngineUnavailableException {
        URI host = parseHost(value, source, tried);
        Path tlsDir = null;
        if ("tcp".equals(host.getScheme())) {
            if (isSet(env.get("DOCKER_TLS_VERIFY")) && !"0".equals(env.get("DOCKER_TLS_VERIFY").trim())) {
                String certPath = env.get("DOCKER_CERT_PATH");
                tlsDir = isSet(certPath) ? Path.of(certPath.trim()) : dockerConfigDir();
                requireCertificates(tlsDir, source + " with DOCKER_TLS_VERIFY", tried);
            } else if (isSet(env.get("DOCKER_TLS"))) {
                tried.add(source + ": " + value + " with DOCKER_TLS but without DOCKER_TLS_VERIFY");
                throw new EngineUnavailableException(
                        "TLS without verifying the engine's certificate is not supported; set DOCKER_TLS_VERIFY=1"
                                + " and DOCKER_CERT_PATH to a directory with " + CERT_FILES_HINT + ".", tried, null);
            }
        }
        tried.add(source + ": " + host + (tlsDir == null ? "" : " with TLS (" + tlsDir + ")"));
        return new EngineEndpoint(host, tlsDir, source, tried);
    }

    private EngineEndpoint fromContext(String name, String origin, Path configDir, List<String> tried)
            throws EngineUnavailableException {
        String id = sha256Hex(name);
        Path meta = configDir.resolve("contexts").resolve("meta").resolve(id).resolve("meta.json");
        String source = "Docker context '" + name + "' (" + origin + ")";
        Map<String, Object> docker;
        try {
            docker = JsonTree.object(JsonTree.object(JsonTree.object(JsonTree.parse(meta)).get("Endpoints")).get("docker"));
        } catch (IOException e) {
            tried.add(source + ": cannot read " + meta + " (" + e.getMessage() + ")");
            throw new EngineUnavailableException("The Docker context '" + name + "' selected by " + origin
                    + " cannot be read from " + meta + ".", tried, e);
        }
        String hostValue = Objects.requireNonNullElse(JsonTree.text(docker, "Host"), "");
        if (hostValue.isBlank()) {
            tried.add(source + ": " + meta + " has no Endpoints.docker.Host");
            throw new EngineUnavailableException("The Docker context '" + name + "' has no docker endpoint in "
                    + meta + ".", tried, null);
        }
        URI host = parseHost(hostValue, source, tried);
        Path tlsDir = configDir.resolve("contexts").resolve("tls").resolve(id).resolve("docker");
        boolean hasTls = "tcp".equals(host.getScheme()) && Files.isDirectory(tlsDir);
        if (hasTls) {
            if ("true".equals(JsonTree.text(docker, "SkipTLSVerify"))) {
                tried.add(source + ": " + host + " with SkipTLSVerify");
                throw new EngineUnavailableException("The Docker context '" + name + "' skips TLS verification,"
                        + " which is not supported; give it a CA (docker context update --docker ca=…).", tried, null);
            }
            requireCertificates(tlsDir, source, tried);
        }
        tried.add(source + ": " + host + (hasTls ? " with TLS (" + tlsDir + ")" : ""));
        return new EngineEndpoint(host, hasTls ? tlsDir : null, source, tried);
    }

    private String currentContext(Path configDir, List<String> tried) throws EngineUnavailableException {
        Path config = configDir.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return null;
        }
        try {
            return JsonTree.text(JsonTree.parse(config), "currentContext");
        } catch (IOException e) {
            tried.add("Docker context: cannot read " + config + " (" + e.getMessage() + ")");
            throw new EngineUnavailableException("Cannot read the Docker CLI configuration " + config + ".", tried, e);
        }
    }

    private Path dockerConfigDir() {
        String configured = env.get("DOCKER_CONFIG");
        return isSet(configured) ? Path.of(configured.trim()) : home.resolve(".docker");
    }

    /**
     * Accepts what the Docker CLI accepts for unix, tcp and ssh hosts; a tcp host without port gets Docker's default,
     * an ssh one keeps ssh's (its config's, else 22).
     */
    private URI parseHost(String value, String source, List<String> tried) throws EngineUnavailableException {
        String problem = null;
        try {
            URI uri = new URI(value);
            if ("unix".equals(uri.getScheme()) && isSet(uri.getPath())) {
                return uri;
            }
            if ("tcp".equals(uri.getScheme()) && isSet(uri.getHost())) {
                if (uri.getPort() >= 0) {
                    return new URI("tcp", null, uri.getHost(), uri.getPort(), null, null, null);
                }
                boolean tls = isSet(env.get("DOCKER_TLS_VERIFY"));
                return new URI("tcp", null, uri.getHost(), tls ? 2376 : 2375, null, null, null);
            }
            if ("ssh".equals(uri.getScheme())) {
                problem = SshClient.problem(uri);
                if (problem == null) {
                    return uri;
                }
            }
        } catch (URISyntaxException e) {
            // reported below with the supported forms
        }
        tried.add(source + ": '" + value + "' is not a supported engine address" + (problem == null ? "" : ": " + problem));
        throw new EngineUnavailableException("The engine address '" + value + "' from " + source
                + " is not supported" + (problem == null ? "" : " (" + problem + ")")
                + "; use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port].", tried, null);
    }

    private static void requireCertificates(Path dir, String source, List<String> tried)
            throws EngineUnavailableException {
        for (String file : List.of("ca.pem", "cert.pem", "key.pem")) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                tried.add(source + ": TLS certificates incomplete, " + dir.resolve(file) + " is missing");
                throw new EngineUnavailableException("TLS to the engine needs " + CERT_FILES_HINT + " in " + dir
                        + ", but " + file + " is missing.", tried, null);
            }
        }
    }

    /** The Docker CLI stores a context's files under the hex SHA-256 of its name. */
    static String sha256Hex(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
