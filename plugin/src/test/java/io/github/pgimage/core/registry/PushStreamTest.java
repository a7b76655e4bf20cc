package io.github.pgimage.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.session.RegistryCredential;

/** The X-Registry-Auth header: base64url JSON, as the engine's registry.DecodeAuthConfig reads it. */
class PushStreamTest {

    @Test
    void aPasswordLogin() {
        assertEquals("{\"username\":\"alice\",\"password\":\"p?>~\",\"serveraddress\":\"localhost:5000\"}",
                decode(PushStream.authHeader(new RegistryCredential("alice", "p?>~"), "localhost:5000")));
    }

    @Test
    void anIdentityToken() {
        assertEquals("{\"identitytoken\":\"tok\",\"serveraddress\":\"https://index.docker.io/v1/\"}",
                decode(PushStream.authHeader(new RegistryCredential("", "tok"), "https://index.docker.io/v1/")));
    }

    @Test
    void anonymousIsAnEmptyObjectBecauseTheEngineRequiresTheHeader() {
        assertEquals("{}", decode(PushStream.authHeader(null, "localhost:5000")));
    }

    @Test
    void theEncodingIsUrlSafe() {
        // "?>~" encodes to '/' and '+' in standard base64; the engine decodes with the URL alphabet
        String header = PushStream.authHeader(new RegistryCredential("a", "???>>>~~~"), "h");
        assertEquals(-1, header.indexOf('+'));
        assertEquals(-1, header.indexOf('/'));
    }

    private static String decode(String header) {
        return new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
    }
}
