package io.github.pgimage.core.session;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test CA, a server certificate for 127.0.0.1/localhost ({@code serverP12}, password "changeit"), and client
 * certificate folders (ca.pem, cert.pem, key.pem) with the key as PKCS#8 and as PKCS#1, and one whose ca.pem is
 * another CA (the server's certificate is then not trusted). Made with openssl.
 */
public record TestCertificates(Path ca, Path serverP12, Path pkcs8, Path pkcs1, Path otherCa) {
    /**
     * A TLS server socket on loopback with the key and certificate of {@code serverP12} (password "changeit") that
     * requires clients to present a certificate {@code ca} signed: what a TLS-protected engine or buildkitd does.
     */
    public static SSLServerSocket mutualTlsServer(Path serverP12, Path ca) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverP12)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        return server;
    }

    public static TestCertificates make(Path dir) throws Exception {
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
        return new TestCertificates(dir.resolve("ca.pem"), dir.resolve("server.p12"), pkcs8, pkcs1, other);
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
