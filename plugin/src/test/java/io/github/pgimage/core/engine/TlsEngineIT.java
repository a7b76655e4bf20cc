package io.github.pgimage.core.engine;

import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.ImageBuilder;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.buildkit.SampleProject;
import io.github.pgimage.core.buildkit.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds through a second engine that listens on {@code tcp://127.0.0.1:PORT} with its own TLS
 * ({@code dockerd --tlsverify}, certificates made by the start script with openssl), found the way
 * users configure it: {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH}.
 * Needs root and dockerd, like the default engine does.
 */
class TlsEngineIT {
    private static Path engineDir;
    private static int port;

    @TempDir
    Path work;

    @BeforeAll
    static void startTlsEngine() throws Exception {
        engineDir = Files.createTempDirectory("pgimage-tls-engine");
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        EngineScripts.run("start-tls-engine.sh", engineDir, engineDir.toString(), Integer.toString(port));
    }

    @AfterAll
    static void stopTlsEngine() throws Exception {
        if (engineDir != null) {
            EngineScripts.run("stop-tls-engine.sh", engineDir, engineDir.toString());
        }
    }

    @Test
    void buildsAndTagsThroughTcpWithTls() throws Exception {
        EngineEndpoint endpoint = new EngineLocator(Map.of(
                "DOCKER_HOST", "tcp://127.0.0.1:" + port,
                "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", engineDir.resolve("client").toString()), work).locate(null);
        assertEquals(URI.create("tcp://127.0.0.1:" + port), endpoint.host());
        assertEquals(engineDir.resolve("client"), endpoint.tlsCertDir());

        try (EngineGateway engine = EngineGateway.connect(endpoint)) {
            assertTrue(engine.version().apiVersion().matches("1\\.\\d+"), engine.version().toString());
            String tag = "pgimage-it/tls:latest";
            BuildResult result = new ImageBuilder(engine, ProgressListener.SILENT)
                    .build(BuildRequest.builder(SampleProject.cold(work).context()).tag(tag).build());

            assertEquals(6, result.steps().size(), result.steps().toString());
            assertTrue(result.steps().stream().noneMatch(Step::cached));
            assertEquals(Optional.of(result.imageId()), engine.imageId(tag));
        }
    }

    @Test
    void withoutTlsTheEngineDoesNotAnswer() throws Exception {
        EngineEndpoint plain = new EngineLocator(Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + port), work).locate(null);

        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> EngineGateway.connect(plain));

        assertTrue(e.getMessage().startsWith("No Docker engine answered at tcp://127.0.0.1:" + port + " (from DOCKER_HOST)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("  - DOCKER_HOST: tcp://127.0.0.1:" + port), e.getMessage());
        assertTrue(e.getMessage().contains("The engine expects TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH"),
                e.getMessage());
    }

    @Test
    void aClientCertificateTheEngineDoesNotTrustIsRefusedNamingTheCertificatePath() throws Exception {
        // The engine's CA, but a client certificate signed by nobody the engine trusts.
        Path stranger = Files.createDirectories(work.resolve("stranger"));
        Files.copy(engineDir.resolve("client/ca.pem"), stranger.resolve("ca.pem"));
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=stranger", "-keyout", stranger.resolve("key.pem").toString(),
                "-out", stranger.resolve("cert.pem").toString()).redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertEquals(0, openssl.waitFor());
        EngineEndpoint endpoint = new EngineLocator(Map.of(
                "DOCKER_HOST", "tcp://127.0.0.1:" + port,
                "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", stranger.toString()), work).locate(null);

        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> EngineGateway.connect(endpoint));

        assertTrue(e.getMessage().contains("The TLS handshake failed with the certificates in " + stranger), e.getMessage());
    }
}
