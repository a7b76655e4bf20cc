package io.github.pgimage.core.session;

import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.ImageBuilder;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineUnavailableException;
import io.github.pgimage.core.engine.EngineEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session over {@code tcp://} with TLS and a client certificate from the endpoint's cert
 * directory, with the client key in PKCS#8 and in PKCS#1 (both found in the wild). The engine is the
 * machine's own, reached through {@link TlsProxy}, which demands a client certificate.
 */
class BuildSessionTlsIT {
    @TempDir
    Path dir;

    @Test
    void secretBuildThroughTlsWithPkcs8AndPkcs1ClientKeys() throws Exception {
        TestCertificates certs = TestCertificates.make(dir);
        Path engineSocket;
        try (SessionEngine local = SessionEngine.connect()) {
            assertEquals("unix", local.endpoint.host().getScheme(), "the proxy forwards to a unix socket");
            engineSocket = Path.of(local.endpoint.host().getPath());
        }
        try (TlsProxy proxy = TlsProxy.start(engineSocket, certs.serverP12(), certs.ca())) {
            // The server certificate names 127.0.0.1 and localhost; each is checked as the host name.
            buildWithSecret(new EngineEndpoint(URI.create("tcp://127.0.0.1:" + proxy.port()), certs.pkcs8(), "test", List.of()));
            buildWithSecret(new EngineEndpoint(URI.create("tcp://localhost:" + proxy.port()), certs.pkcs1(), "test", List.of()));

            // A client that trusts another CA refuses the proxy's certificate: no connection, hence no session.
            EngineEndpoint untrusting = new EngineEndpoint(URI.create("tcp://127.0.0.1:" + proxy.port()),
                    certs.otherCa(), "test", List.of());
            EngineUnavailableException refused = assertThrows(EngineUnavailableException.class,
                    () -> EngineGateway.connect(untrusting));
            assertTrue(refused.getMessage().contains("127.0.0.1"), refused.getMessage());
        }
    }

    private static void buildWithSecret(EngineEndpoint endpoint) throws Exception {
        String value = "tls-" + UUID.randomUUID();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        SecretStore secrets = SecretStore.load(List.of(SecretSource.env("t", "T")), Map.of("T", value)::get);
        byte[] context = SessionEngine.context(Map.of("Dockerfile", """
                FROM debian:bookworm-slim
                RUN --mount=type=secret,id=t,required=true test "$(sha256sum < /run/secrets/t | cut -c1-64)" = %s
                """.formatted(hash)));
        try (EngineGateway client = EngineGateway.connect(endpoint);
             BuildSession session = BuildSession.open(client, secrets, RegistryCredentials.none())) {
            String imageId = new ImageBuilder(client, new LinesListener()).build(
                    BuildRequest.builder(() -> new ByteArrayInputStream(context)).sessionId(session.id()).noCache(true).build())
                    .imageId();
            assertTrue(imageId.startsWith("sha256:"), imageId);
            assertEquals(Set.of("t"), session.activity().secretsServed());
        }
    }
}
