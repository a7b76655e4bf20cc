package io.github.pgimage.core.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

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
        env.put("DOCKER_HOST", "ssh://me@host");

        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> locate(null));

        assertTrue(e.getMessage().contains("'ssh://me@host' from DOCKER_HOST is not supported"), e.getMessage());
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
