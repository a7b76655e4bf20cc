package io.github.pgimage.core.engine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docker certificate folders as openssl writes them, each used for a real TLS handshake with a client certificate:
 * RSA keys as PKCS#8 and PKCS#1, EC keys as PKCS#8 and SEC1. The server is the JDK's, made from a folder too, and
 * insists on a client certificate its CA signed.
 */
class TlsMaterialTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=pgimage tls test CA",
                "-keyout", "ca-key.pem", "-out", "ca.pem");
        folder("server", "rsa", "serverAuth", "subjectAltName=IP:127.0.0.1\n");
        folder("rsa-pkcs8", "rsa", "clientAuth", "");
        folder("rsa-pkcs1", "rsa", "clientAuth", "");
        openssl("rsa", "-in", "rsa-pkcs1/key.pem", "-traditional", "-out", "rsa-pkcs1/key-pkcs1.pem");
        Files.move(dir.resolve("rsa-pkcs1/key-pkcs1.pem"), dir.resolve("rsa-pkcs1/key.pem"), StandardCopyOption.REPLACE_EXISTING);
        folder("ec-pkcs8", "ec", "clientAuth", "");
        folder("ec-sec1", "ec", "clientAuth", "");
        openssl("ec", "-in", "ec-sec1/key.pem", "-out", "ec-sec1/key-sec1.pem");
        Files.move(dir.resolve("ec-sec1/key-sec1.pem"), dir.resolve("ec-sec1/key.pem"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void everyKeyFormatOpensslWritesShakesHands() throws Exception {
        assertTrue(key("rsa-pkcs8").contains("BEGIN PRIVATE KEY"));
        assertTrue(key("rsa-pkcs1").contains("BEGIN RSA PRIVATE KEY"));
        assertTrue(key("ec-pkcs8").contains("BEGIN PRIVATE KEY"));
        assertTrue(key("ec-sec1").contains("BEGIN EC PRIVATE KEY"));
        for (String client : List.of("rsa-pkcs8", "rsa-pkcs1", "ec-pkcs8", "ec-sec1")) {
            assertEquals("CN=pgimage tls test " + client, handshake(client), client);
        }
    }

    @Test
    void aFolderWithoutItsKeyIsNamedWithTheMissingFile() throws Exception {
        Path incomplete = Files.createDirectories(dir.resolve("incomplete"));
        Files.copy(dir.resolve("ca.pem"), incomplete.resolve("ca.pem"));
        Files.copy(dir.resolve("rsa-pkcs8/cert.pem"), incomplete.resolve("cert.pem"));

        EngineException e = assertThrows(EngineException.class, () -> TlsMaterial.sslContext(incomplete));

        assertEquals("The TLS folder " + incomplete + " has no key.pem: it must hold ca.pem, cert.pem and key.pem",
                e.getMessage());
    }

    @Test
    void anEncryptedKeyIsRefusedWithHowToDecryptIt() throws Exception {
        Path encrypted = Files.createDirectories(dir.resolve("encrypted"));
        Files.copy(dir.resolve("ca.pem"), encrypted.resolve("ca.pem"));
        Files.copy(dir.resolve("rsa-pkcs8/cert.pem"), encrypted.resolve("cert.pem"));
        openssl("pkcs8", "-topk8", "-in", "rsa-pkcs8/key.pem", "-passout", "pass:secret", "-out", "encrypted/key.pem");

        EngineException e = assertThrows(EngineException.class, () -> TlsMaterial.sslContext(encrypted));

        assertTrue(e.getMessage().contains(encrypted.resolve("key.pem") + " holds an encrypted key"), e.getMessage());
        assertTrue(e.getMessage().contains("(openssl pkey decrypts it)"), e.getMessage());
    }

    /** Connects with the client folder's material; answers the name the server saw on the client's certificate. */
    private static String handshake(String client) throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) TlsMaterial.sslContext(dir.resolve("server"))
                .getServerSocketFactory().createServerSocket(0)) {
            server.setNeedClientAuth(true);
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.startHandshake();
                    String name = accepted.getSession().getPeerPrincipal().getName();
                    accepted.getOutputStream().write(1);
                    return name;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) TlsMaterial.sslContext(dir.resolve(client)).getSocketFactory()
                    .createSocket("127.0.0.1", server.getLocalPort())) {
                socket.startHandshake();
                assertEquals(1, socket.getInputStream().read());
            }
            return seen.get(30, TimeUnit.SECONDS);
        }
    }

    private static String key(String folder) throws Exception {
        return Files.readString(dir.resolve(folder).resolve("key.pem"));
    }

    /** A folder with ca.pem, and cert.pem/key.pem of a new key signed by the CA for {@code usage}. */
    private static void folder(String name, String type, String usage, String extra) throws Exception {
        Files.createDirectories(dir.resolve(name));
        Files.copy(dir.resolve("ca.pem"), dir.resolve(name).resolve("ca.pem"));
        List<String> newKey = type.equals("ec") ? List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1")
                : List.of("-newkey", "rsa:2048");
        List<String> request = new ArrayList<>(List.of("req"));
        request.addAll(newKey);
        request.addAll(List.of("-nodes", "-subj", "/CN=pgimage tls test " + name, "-keyout", name + "/key.pem",
                "-out", name + "/req.csr"));
        openssl(request.toArray(String[]::new));
        Files.writeString(dir.resolve(name).resolve("ext"), extra + "extendedKeyUsage=" + usage + "\n");
        openssl("x509", "-req", "-in", name + "/req.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-days", "1", "-extfile", name + "/ext", "-out", name + "/cert.pem");
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl " + String.join(" ", args) + ":\n" + out);
    }
}
