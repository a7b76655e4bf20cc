package io.github.pgimage.core.session;

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
        Certificates certs = Certificates.make(dir);
        Path engineSocket;
        try (SessionEngine local = SessionEngine.connect()) {
            assertEquals("unix", local.endpoint.host().getScheme(), "the proxy forwards to a unix socket");
            engineSocket = Path.of(local.endpoint.host().getPath());
        }
        try (TlsProxy proxy = TlsProxy.start(engineSocket, certs.serverP12, certs.ca)) {
            // The server certificate names 127.0.0.1 and localhost; each is checked as the host name.
            buildWithSecret(new EngineEndpoint(URI.create("tcp://127.0.0.1:" + proxy.port()), certs.pkcs8, "test", List.of()));
            buildWithSecret(new EngineEndpoint(URI.create("tcp://localhost:" + proxy.port()), certs.pkcs1, "test", List.of()));

            // A client that trusts another CA refuses the proxy's certificate: no connection, hence no session.
            EngineEndpoint untrusting = new EngineEndpoint(URI.create("tcp://127.0.0.1:" + proxy.port()),
                    certs.otherCa, "test", List.of());
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
            String imageId = new ImageBuilder(client, new CapturingListener()).build(
                    BuildRequest.builder(() -> new ByteArrayInputStream(context)).sessionId(session.id()).noCache(true).build())
                    .imageId();
            assertTrue(imageId.startsWith("sha256:"), imageId);
            assertEquals(Set.of("t"), session.activity().secretsServed());
        }
    }

    /** A test CA, a server certificate for 127.0.0.1/localhost, and client cert dirs (ca.pem, cert.pem, key.pem). */
    private record Certificates(Path ca, Path serverP12, Path pkcs8, Path pkcs1, Path otherCa) {
        static Certificates make(Path dir) throws Exception {
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=pgimage session test CA",
                    "-keyout", "ca-key.pem", "-out", "ca.pem");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server-key.pem", "-out", "server.csr");
            Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
            openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                    "-days", "1", "-extfile", "server.ext", "-out", "server-cert.pem");
            openssl(dir, "pkcs12", "-export", "-in", "server-cert.pem", "-inkey", "server-key.pem", "-out", "server.p12",
                    "-passout", "pass:changeit");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=pgimage session test client",
                    "-keyout", "client-key.pem", "-out", "client.csr");
            Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
            openssl(dir, "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                    "-days", "1", "-extfile", "client.ext", "-out", "client-cert.pem");

            Path pkcs8 = clientDir(dir, "pkcs8", "ca.pem");
            openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", "client-key.pem", "-out", "pkcs8/key.pem");
            Path pkcs1 = clientDir(dir, "pkcs1", "ca.pem");
            openssl(dir, "rsa", "-in", "client-key.pem", "-traditional", "-out", "pkcs1/key.pem");
            assertTrue(Files.readString(pkcs8.resolve("key.pem")).contains("BEGIN PRIVATE KEY"));
            assertTrue(Files.readString(pkcs1.resolve("key.pem")).contains("BEGIN RSA PRIVATE KEY"));

            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=another CA",
                    "-keyout", "other-ca-key.pem", "-out", "other-ca.pem");
            Path other = clientDir(dir, "other", "other-ca.pem");
            Files.copy(pkcs8.resolve("key.pem"), other.resolve("key.pem"));
            return new Certificates(dir.resolve("ca.pem"), dir.resolve("server.p12"), pkcs8, pkcs1, other);
        }

        private static Path clientDir(Path dir, String name, String ca) throws Exception {
            Path client = Files.createDirectories(dir.resolve(name));
            Files.copy(dir.resolve(ca), client.resolve("ca.pem"));
            Files.copy(dir.resolve("client-cert.pem"), client.resolve("cert.pem"));
            return client;
        }

        private static void openssl(Path dir, String... args) throws Exception {
            List<String> command = new java.util.ArrayList<>(List.of("openssl"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl " + String.join(" ", args) + ":\n" + out);
        }
    }
}
