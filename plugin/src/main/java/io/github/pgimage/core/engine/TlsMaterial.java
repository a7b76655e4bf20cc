package io.github.pgimage.core.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS material of a Docker certificate folder ({@code DOCKER_CERT_PATH}, a context's TLS folder): {@code ca.pem}
 * (the CAs the engine's certificate must chain to), {@code cert.pem} (the client certificate, with its chain) and
 * {@code key.pem} (its key). Keys come as openssl writes them: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA
 * ({@code BEGIN RSA PRIVATE KEY}, openssl before 3.0 and {@code -traditional}) or SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}); the JDK reads only the first, so the other two are wrapped into it here. Encrypted
 * keys are refused, as the Docker CLI refuses them.
 */
final class TlsMaterial {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    /** rsaEncryption, 1.2.840.113549.1.1.1, and id-ecPublicKey, 1.2.840.10045.2.1, as DER object identifiers. */
    private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final char[] NO_PASSWORD = new char[0];

    private TlsMaterial() {
    }

    /**
     * An SSL context that trusts the folder's CAs only and presents its client certificate.
     *
     * @throws EngineException naming the file that is missing or cannot be read, and why
     */
    static SSLContext sslContext(Path folder) throws EngineException {
        Path caFile = folder.resolve("ca.pem");
        Path certFile = folder.resolve("cert.pem");
        Path keyFile = folder.resolve("key.pem");
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            List<Certificate> cas = certificates(caFile);
            for (int i = 0; i < cas.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, cas.get(i));
            }
            KeyStore own = KeyStore.getInstance(KeyStore.getDefaultType());
            own.load(null, null);
            own.setKeyEntry("client", privateKey(keyFile), NO_PASSWORD, certificates(certFile).toArray(Certificate[]::new));

            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (NoSuchFileException e) {
            throw new EngineException("The TLS folder " + folder + " has no " + Path.of(e.getFile()).getFileName()
                    + ": it must hold ca.pem, cert.pem and key.pem", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new EngineException("Cannot read the TLS material in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Every certificate in a PEM file, in order. */
    static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        List<Certificate> certificates = new ArrayList<>();
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (Block block : blocks(file)) {
            if (block.type().equals("CERTIFICATE")) {
                try (InputStream in = new ByteArrayInputStream(block.der())) {
                    certificates.add(x509.generateCertificate(in));
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException(file + " holds no PEM certificate");
        }
        return certificates;
    }

    /** The first private key in a PEM file. */
    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        for (Block block : blocks(file)) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(block.der(), file);
                }
                case "RSA PRIVATE KEY" -> {
                    refuseEncrypted(block, file);
                    return pkcs8(wrap(0, sequence(RSA_OID, new byte[]{0x05, 0x00}), block.der()), file);
                }
                case "EC PRIVATE KEY" -> {
                    refuseEncrypted(block, file);
                    return pkcs8(wrap(0, sequence(EC_OID, curveOf(block.der(), file)), block.der()), file);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
                default -> {
                    // parameters, certificates: not the key
                }
            }
        }
        throw new GeneralSecurityException(file + " holds no PEM private key");
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // another algorithm's key
            }
        }
        throw new GeneralSecurityException(file + " holds a private key that is neither RSA, EC nor EdDSA");
    }

    private static void refuseEncrypted(Block block, Path file) throws GeneralSecurityException {
        if (block.headers().contains("ENCRYPTED")) {
            throw encrypted(file);
        }
    }

    private static GeneralSecurityException encrypted(Path file) {
        return new GeneralSecurityException(file + " holds an encrypted key; Docker's TLS folders hold unencrypted"
                + " ones (openssl pkey decrypts it)");
    }

    /**
     * The named curve of a SEC1 key: {@code SEQUENCE { INTEGER 1, OCTET STRING key, [0] OID curve, [1] public key }}.
     * The PKCS#8 form names it among the algorithm's parameters, where the JDK looks for it.
     */
    private static byte[] curveOf(byte[] sec1, Path file) throws GeneralSecurityException {
        Der outer = Der.at(sec1, 0);
        int at = outer.contentStart();
        while (at < outer.end()) {
            Der field = Der.at(sec1, at);
            if ((sec1[at] & 0xff) == 0xa0) {
                return Arrays.copyOfRange(sec1, field.contentStart(), Der.at(sec1, field.contentStart()).end());
            }
            at = field.end();
        }
        throw new GeneralSecurityException(file + " holds an EC key that does not name its curve");
    }

    /** PKCS#8's {@code PrivateKeyInfo}: version, algorithm, the key as an octet string. */
    private static byte[] wrap(int version, byte[] algorithm, byte[] key) {
        return sequence(new byte[]{0x02, 0x01, (byte) version}, algorithm, tlv(0x04, key));
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        return tlv(0x30, content.toByteArray());
    }

    /** A DER type-length-value with a definite length in as few bytes as it takes. */
    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** One DER element's bounds: where its content starts and where the element ends. */
    private record Der(int contentStart, int end) {
        static Der at(byte[] der, int at) throws GeneralSecurityException {
            if (at + 2 > der.length) {
                throw new GeneralSecurityException("a truncated DER key");
            }
            int first = der[at + 1] & 0xff;
            int start = at + 2;
            int length = first;
            if (first >= 0x80) {
                int bytes = first & 0x7f;
                if (bytes == 0 || bytes > 4 || start + bytes > der.length) {
                    throw new GeneralSecurityException("a DER key with a length it cannot have");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[start + i] & 0xff);
                }
                start += bytes;
            }
            if (length < 0 || start + length > der.length) {
                throw new GeneralSecurityException("a truncated DER key");
            }
            return new Der(start, start + length);
        }
    }

    /** One PEM block: its type ({@code CERTIFICATE}), any headers ({@code Proc-Type: 4,ENCRYPTED}), its bytes. */
    private record Block(String type, String headers, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1).replace("\r", "");
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = PEM.matcher(text);
        while (matcher.find()) {
            String body = matcher.group(2);
            int headerEnd = body.indexOf("\n\n");
            String headers = body.contains(":") && headerEnd > 0 ? body.substring(0, headerEnd) : "";
            String base64 = body.substring(headers.length()).replaceAll("\\s", "");
            try {
                blocks.add(new Block(matcher.group(1), headers, Base64.getDecoder().decode(base64)));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException(file + " holds a PEM block that is not base64: " + e.getMessage());
            }
        }
        return blocks;
    }
}
