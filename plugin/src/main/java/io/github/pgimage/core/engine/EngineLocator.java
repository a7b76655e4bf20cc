package io.github.pgimage.core.engine;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
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
import java.util.function.Predicate;

import io.github.pgimage.core.json.JsonTree;

/**
 * Finds the engine the way the Docker CLI does, in this order: the {@code dockerHost} parameter,
 * {@code DOCKER_HOST} (TLS from {@code DOCKER_TLS_VERIFY}/{@code DOCKER_CERT_PATH}), the current
 * Docker context ({@code DOCKER_CONTEXT} or {@code currentContext} of {@code config.json}), then the
 * default socket when it exists; after Docker's places Podman's: {@code CONTAINER_HOST}, then
 * {@code $XDG_RUNTIME_DIR/podman/podman.sock} (rootless) and {@code /run/podman/podman.sock} (rootful) when they
 * exist; else the default socket, reported with every place tried. The first source that is set wins; it is not checked for an answer here (see
 * {@link EngineGateway#connect}), so that a misconfigured engine is reported instead of silently
 * replaced by another one.
 */
public final class EngineLocator {
    public static final URI DEFAULT_SOCKET = URI.create("unix:///var/run/docker.sock");
    public static final Path ROOTFUL_PODMAN_SOCKET = Path.of("/run/podman/podman.sock");
    private static final String CERT_FILES_HINT = "ca.pem, cert.pem and key.pem";

    private final Map<String, String> env;
    private final Path home;
    private final Predicate<Path> socketExists;
    private final Patience patience;

    /**
     * @param env  the environment to read ({@code System.getenv()} in production)
     * @param home the user's home directory (holds {@code .docker/} unless {@code DOCKER_CONFIG} says otherwise)
     */
    public EngineLocator(Map<String, String> env, Path home) {
        this(env, home, Files::exists);
    }

    /** @param socketExists whether a socket file exists (the file system in production; a set in tests) */
    public EngineLocator(Map<String, String> env, Path home, Predicate<Path> socketExists) {
        this(env, home, socketExists, Patience.DEFAULT);
    }

    private EngineLocator(Map<String, String> env, Path home, Predicate<Path> socketExists, Patience patience) {
        this.env = Map.copyOf(env);
        this.home = Objects.requireNonNull(home, "home");
        this.socketExists = Objects.requireNonNull(socketExists, "socketExists");
        this.patience = Objects.requireNonNull(patience, "patience");
    }

    /** The same search, and the endpoint found is waited for as {@code patience} says. */
    public EngineLocator withPatience(Patience patience) {
        return new EngineLocator(env, home, socketExists, patience);
    }

    /** The locator for this process: its environment and {@code user.home}. */
    public static EngineLocator forThisProcess() {
        return new EngineLocator(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * @param dockerHost the explicit engine address (the Mojo's {@code dockerHost} parameter), or null/blank
     * @throws EngineUnavailableException when the selected source is unusable (bad address, missing
     *                                    context or certificates)
     */
    public EngineEndpoint locate(String dockerHost) throws EngineUnavailableException {
        return find(dockerHost).withPatience(patience);
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

        Path defaultSocket = Path.of(DEFAULT_SOCKET.getPath());
        if (socketExists.test(defaultSocket)) {
            tried.add("default socket " + DEFAULT_SOCKET);
            return new EngineEndpoint(DEFAULT_SOCKET, null, "the default socket", tried);
        }
        tried.add("default socket " + DEFAULT_SOCKET + ": does not exist");

        String containerHost = env.get("CONTAINER_HOST");
        if (isSet(containerHost)) {
            return fromHostSetting(containerHost.trim(), "CONTAINER_HOST", tried);
        }
        tried.add("CONTAINER_HOST: not set");
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (isSet(runtimeDir)) {
            Path rootless = Path.of(runtimeDir.trim(), "podman", "podman.sock");
            if (socketExists.test(rootless)) {
                tried.add("Podman's rootless socket " + rootless);
                return new EngineEndpoint(URI.create("unix://" + rootless), null, "Podman's rootless socket", tried);
            }
            tried.add("Podman's rootless socket " + rootless + ": does not exist");
        } else {
            tried.add("Podman's rootless socket: XDG_RUNTIME_DIR not set");
        }
        if (socketExists.test(ROOTFUL_PODMAN_SOCKET)) {
            tried.add("Podman's socket " + ROOTFUL_PODMAN_SOCKET);
            return new EngineEndpoint(URI.create("unix://" + ROOTFUL_PODMAN_SOCKET), null, "Podman's socket", tried);
        }
        tried.add("Podman's socket " + ROOTFUL_PODMAN_SOCKET + ": does not exist");
        return new EngineEndpoint(DEFAULT_SOCKET, null, "the default socket", tried);
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

    /** Accepts what the Docker CLI accepts for unix and tcp hosts; a tcp host without port gets Docker's default. */
    private URI parseHost(String value, String source, List<String> tried) throws EngineUnavailableException {
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
        } catch (URISyntaxException e) {
            // reported below with the supported forms
        }
        tried.add(source + ": '" + value + "' is not a supported engine address");
        throw new EngineUnavailableException("The engine address '" + value + "' from " + source
                + " is not supported; use unix:///path/to/docker.sock or tcp://host:port.", tried, null);
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
