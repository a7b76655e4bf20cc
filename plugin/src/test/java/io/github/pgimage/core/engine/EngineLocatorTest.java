package io.github.pgimage.core.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineLocatorTest {
    @TempDir
    Path home;
    private final Map<String, String> env = new HashMap<>();
    /** The socket files that exist, as far as the locator can tell: Docker's default one unless a test removes it. */
    private final Set<Path> sockets = new HashSet<>(Set.of(Path.of("/var/run/docker.sock")));

    @Test
    void nothingConfiguredMeansTheDefaultSocket() throws Exception {
        EngineEndpoint endpoint = locate(null);

        assertEquals(URI.create("unix:///var/run/docker.sock"), endpoint.host());
        assertNull(endpoint.tlsCertDir());
        assertEquals(List.of("dockerHost parameter: not set", "DOCKER_HOST: not set",
                "Docker context: none selected (no DOCKER_CONTEXT, no currentContext in " + home.resolve(".docker/config.json") + ")",
                "default socket unix:///var/run/docker.sock"), endpoint.tried());
    }

    @Test
    void podmansSocketsComeAfterDockersPlaces() throws Exception {
        sockets.clear();
        sockets.add(Path.of("/run/podman/podman.sock"));
        sockets.add(Path.of("/run/user/1000/podman/podman.sock"));
        env.put("XDG_RUNTIME_DIR", "/run/user/1000");

        EngineEndpoint rootless = locate(null);
        assertEquals(URI.create("unix:///run/user/1000/podman/podman.sock"), rootless.host());
        assertTrue(rootless.tried().contains("default socket unix:///var/run/docker.sock: does not exist"),
                rootless.tried().toString());

        sockets.remove(Path.of("/run/user/1000/podman/podman.sock"));
        assertEquals(URI.create("unix:///run/podman/podman.sock"), locate(null).host());

        env.put("CONTAINER_HOST", "unix:///srv/podman.sock");
        EngineEndpoint fromEnv = locate(null);
        assertEquals(URI.create("unix:///srv/podman.sock"), fromEnv.host());
        assertEquals("CONTAINER_HOST", fromEnv.source());

        sockets.add(Path.of("/var/run/docker.sock"));
        assertEquals(URI.create("unix:///var/run/docker.sock"), locate(null).host(), "Docker's socket comes first");
        env.put("DOCKER_HOST", "unix:///run/podman/podman.sock");
        assertEquals(URI.create("unix:///run/podman/podman.sock"), locate(null).host(), "DOCKER_HOST names Podman too");
    }

    @Test
    void noSocketAnywhereNamesEveryPlaceTried() throws Exception {
        sockets.clear();
        EngineEndpoint endpoint = locate(null);
        assertEquals(URI.create("unix:///var/run/docker.sock"), endpoint.host());
        assertTrue(endpoint.tried().containsAll(List.of("CONTAINER_HOST: not set",
                "Podman's rootless socket: XDG_RUNTIME_DIR not set",
                "Podman's socket /run/podman/podman.sock: does not exist")), endpoint.tried().toString());
    }

    @Test
    void theParameterWinsOverEverythingElse() throws Exception {
        env.put("DOCKER_HOST", "tcp://10.0.0.1:2375");
        currentContext("remote");

        EngineEndpoint endpoint = locate("unix:///run/user/1000/docker.sock");

        assertEquals(URI.create("unix:///run/user/1000/docker.sock"), endpoint.host());
        assertEquals("dockerHost parameter", endpoint.source());
    }

    @Test
    void dockerHostWithTlsUsesTheCertPath() throws Exception {
        Path certs = certificates(home.resolve("certs"));
        env.put("DOCKER_HOST", "tcp://127.0.0.1:2376");
        env.put("DOCKER_TLS_VERIFY", "1");
        env.put("DOCKER_CERT_PATH", certs.toString());
        currentContext("remote");

        EngineEndpoint endpoint = locate("  ");

        assertEquals(URI.create("tcp://127.0.0.1:2376"), endpoint.host());
        assertEquals(certs, endpoint.tlsCertDir());
        assertEquals("DOCKER_HOST", endpoint.source());
    }

    @Test
    void tlsCertificatesDefaultToTheDockerConfigDirectoryAndMustBeComplete() throws IOException {
        env.put("DOCKER_HOST", "tcp://engine.example");
        env.put("DOCKER_TLS_VERIFY", "1");
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/ca.pem"), "x");

        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> locate(null));

        assertTrue(e.getMessage().contains("cert.pem is missing"), e.getMessage());
        assertTrue(e.getMessage().contains(home.resolve(".docker").toString()), e.getMessage());
    }

    @Test
    void aTcpHostWithoutPortGetsDockersDefaultPort() throws Exception {
        env.put("DOCKER_HOST", "tcp://engine.example");

        assertEquals(URI.create("tcp://engine.example:2375"), locate(null).host());
    }

    @Test
    void theCurrentContextOfTheCliConfigIsUsed() throws Exception {
        currentContext("remote");
        Path tls = certificates(home.resolve(".docker/contexts/tls/" + EngineLocator.sha256Hex("remote") + "/docker"));
        contextMeta("remote", "tcp://192.168.1.5:2376", false);

        EngineEndpoint endpoint = locate(null);

        assertEquals(URI.create("tcp://192.168.1.5:2376"), endpoint.host());
        assertEquals(tls, endpoint.tlsCertDir());
        assertEquals("Docker context 'remote' (currentContext in " + home.resolve(".docker/config.json") + ")", endpoint.source());
    }

    @Test
    void dockerContextOverridesTheConfigAndDockerConfigMovesIt() throws Exception {
        Path config = home.resolve("elsewhere");
        env.put("DOCKER_CONFIG", config.toString());
        env.put("DOCKER_CONTEXT", "rootless");
        Files.createDirectories(config);
        Files.writeString(config.resolve("config.json"), "{\"currentContext\":\"remote\"}");
        Path meta = config.resolve("contexts/meta/" + EngineLocator.sha256Hex("rootless") + "/meta.json");
        Files.createDirectories(meta.getParent());
        Files.writeString(meta, "{\"Name\":\"rootless\",\"Endpoints\":{\"docker\":{\"Host\":\"unix:///run/user/1000/docker.sock\"}}}");

        EngineEndpoint endpoint = locate(null);

        assertEquals(URI.create("unix:///run/user/1000/docker.sock"), endpoint.host());
        assertNull(endpoint.tlsCertDir());
    }

    @Test
    void theDefaultContextMeansTheDefaultSocket() throws Exception {
        currentContext("default");

        assertEquals(EngineLocator.DEFAULT_SOCKET, locate(null).host());
    }

    @Test
    void aMissingContextIsAnErrorNamingWhatWasTried() throws IOException {
        currentContext("gone");

        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> locate(null));

        assertTrue(e.getMessage().startsWith("The Docker context 'gone' selected by currentContext in "), e.getMessage());
        assertEquals(3, e.tried().size(), e.tried().toString());
        assertTrue(e.getMessage().contains("  - DOCKER_HOST: not set"), e.getMessage());
    }

    @Test
    void unsupportedAddressesAreRejected() {
        env.put("DOCKER_HOST", "npipe:////./pipe/docker_engine");

        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> locate(null));

        assertTrue(e.getMessage().contains("'npipe:////./pipe/docker_engine' from DOCKER_HOST is not supported; use"
                + " unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port]."), e.getMessage());
    }

    @Test
    void sshAddressesAreTakenFromEveryPlaceAnAddressComesFrom() throws Exception {
        assertEquals(URI.create("ssh://builder@build-host.example.org:2222"),
                locate("ssh://builder@build-host.example.org:2222").host());

        env.put("DOCKER_HOST", "ssh://build-host");
        EngineEndpoint fromEnv = locate(null);
        assertEquals(URI.create("ssh://build-host"), fromEnv.host(), "no port: ssh's own (its config's, else 22)");
        assertNull(fromEnv.tlsCertDir());

        env.remove("DOCKER_HOST");
        currentContext("remote");
        contextMeta("remote", "ssh://me@10.0.0.7/run/user/1000/docker.sock", false);
        EngineEndpoint fromContext = locate(null);
        assertEquals(URI.create("ssh://me@10.0.0.7/run/user/1000/docker.sock"), fromContext.host());
        assertEquals("Docker context 'remote' (currentContext in " + home.resolve(".docker/config.json") + ")",
                fromContext.source());
    }

    @Test
    void sshAddressesWithAPasswordOrAQueryAreRejectedNamingWhy() {
        env.put("DOCKER_HOST", "ssh://me:secret@build-host");
        EngineUnavailableException password = assertThrows(EngineUnavailableException.class, () -> locate(null));
        assertTrue(password.getMessage().contains("is not supported (a password in the address is not supported"),
                password.getMessage());

        env.put("DOCKER_HOST", "ssh://build-host?x=1");
        EngineUnavailableException query = assertThrows(EngineUnavailableException.class, () -> locate(null));
        assertTrue(query.getMessage().contains("an ssh address takes no query or fragment"), query.getMessage());
    }

    @Test
    void rootlessDockersSocketComesAfterTheDefaultOneAndBeforePodman(@TempDir Path runtime) throws Exception {
        Path rootless = runtime.resolve("docker.sock");
        Map<Path, String> problems = new HashMap<>(Map.of(
                Path.of("/var/run/docker.sock"), "refuses connections (Permission denied)",
                Path.of("/run/podman/podman.sock"), ""));
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        // a real socket file for the rootless engine; the others as the fake says
        Function<Path, Optional<String>> sockets = socket -> socket.startsWith(runtime)
                ? EngineLocator.socketProblem(socket)
                : Optional.ofNullable(problems.getOrDefault(socket, "does not exist")).filter(p -> !p.isEmpty());

        try (ServerSocketChannel engine = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            engine.bind(UnixDomainSocketAddress.of(rootless));
            EngineEndpoint found = new EngineLocator(env, home, sockets, 1000).locate(null);

            assertEquals(URI.create("unix://" + rootless), found.host());
            assertEquals("rootless Docker's socket", found.source());
            assertEquals(List.of("default socket unix:///var/run/docker.sock: refuses connections (Permission denied)",
                    "rootless Docker's socket " + rootless), found.tried().subList(3, 5));
        }
        // the engine stopped: its socket file stays and refuses; Podman's socket is next
        EngineEndpoint afterStop = new EngineLocator(env, home, sockets, 1000).locate(null);
        assertEquals(URI.create("unix:///run/podman/podman.sock"), afterStop.host());
        assertTrue(afterStop.tried().stream().anyMatch(step -> step.startsWith("rootless Docker's socket " + rootless
                + ": refuses connections (")), afterStop.tried().toString());

        problems.remove(Path.of("/var/run/docker.sock"));
        problems.put(Path.of("/var/run/docker.sock"), "");
        assertEquals(URI.create("unix:///var/run/docker.sock"), new EngineLocator(env, home, sockets, 1000)
                .locate(null).host(), "the default socket comes first when it accepts");
    }

    @Test
    void withoutXdgRuntimeDirTheRootlessSocketIsTheUsersRunFolder() throws Exception {
        Set<Path> accepting = Set.of(Path.of("/run/user/1000/docker.sock"));
        Function<Path, Optional<String>> sockets = socket -> accepting.contains(socket) ? Optional.empty()
                : Optional.of("does not exist");

        EngineEndpoint user = new EngineLocator(env, home, sockets, 1000).locate(null);
        assertEquals(URI.create("unix:///run/user/1000/docker.sock"), user.host());

        EngineEndpoint root = new EngineLocator(env, home, sockets, 0).locate(null);
        assertEquals(URI.create("unix:///var/run/docker.sock"), root.host(), "nothing found: the default, reported");
        assertTrue(root.tried().contains("rootless Docker's socket: XDG_RUNTIME_DIR not set (and root runs none)"),
                root.tried().toString());
    }

    @Test
    void anAddressThatIsSetIsNeverReplacedByARootlessSocket() throws Exception {
        env.put("XDG_RUNTIME_DIR", "/run/user/1000");
        env.put("DOCKER_HOST", "unix:///srv/docker.sock");
        Function<Path, Optional<String>> everythingAccepts = socket -> Optional.empty();

        assertEquals(URI.create("unix:///srv/docker.sock"),
                new EngineLocator(env, home, everythingAccepts, 1000).locate(null).host());
    }

    @Test
    void contextsThatSkipTlsVerificationAreRejected() throws IOException {
        currentContext("insecure");
        certificates(home.resolve(".docker/contexts/tls/" + EngineLocator.sha256Hex("insecure") + "/docker"));
        contextMeta("insecure", "tcp://10.1.1.1:2376", true);

        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> locate(null));

        assertTrue(e.getMessage().contains("skips TLS verification"), e.getMessage());
    }

    @Test
    void contextDirectoriesAreNamedByTheSha256OfTheContextName() {
        // the directory name the Docker CLI uses for a context called "default"
        assertEquals("37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f", EngineLocator.sha256Hex("default"));
    }

    private EngineEndpoint locate(String dockerHost) throws EngineUnavailableException {
        return new EngineLocator(env, home, sockets::contains).locate(dockerHost);
    }

    private void currentContext(String name) throws IOException {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{},\"currentContext\":\"" + name + "\"}");
    }

    private void contextMeta(String name, String host, boolean skipVerify) throws IOException {
        Path meta = home.resolve(".docker/contexts/meta/" + EngineLocator.sha256Hex(name) + "/meta.json");
        Files.createDirectories(meta.getParent());
        Files.writeString(meta, "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\""
                + host + "\",\"SkipTLSVerify\":" + skipVerify + "}}}");
    }

    private static Path certificates(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String file : List.of("ca.pem", "cert.pem", "key.pem")) {
            Files.writeString(dir.resolve(file), "not read by the locator");
        }
        return dir;
    }
}
