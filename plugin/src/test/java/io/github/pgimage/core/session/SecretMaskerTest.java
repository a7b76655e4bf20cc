package io.github.pgimage.core.session;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SecretMaskerTest {
    @Test
    void masksEveryOccurrenceOfAValue() {
        SecretMasker masker = SecretMasker.of(List.of("hunter2"));
        assertEquals("token=**** again ****", masker.mask("token=hunter2 again hunter2"));
        assertEquals("nothing here", masker.mask("nothing here"));
        assertNull(masker.mask(null));
    }

    @Test
    void masksAFileValueWithoutItsTrailingNewline() {
        assertEquals("key is ****.", SecretMasker.of(List.of("abcd-1234\n")).mask("key is abcd-1234."));
    }

    @Test
    void masksEachLineOfAMultiLineValueButNotShortFragments() {
        SecretMasker masker = SecretMasker.of(List.of("-----BEGIN KEY-----\nMIIEpAIBAAKCAQEA\n}\n-----END KEY-----\n"));
        assertEquals("#5 0.31 ****", masker.mask("#5 0.31 MIIEpAIBAAKCAQEA"));
        assertEquals("if x { y }", masker.mask("if x { y }"));
    }

    @Test
    void masksALongerValueWholeWhenAShorterOneIsPartOfIt() {
        SecretMasker masker = SecretMasker.of(List.of("pass", "password123"));
        assertEquals("a **** b ****", masker.mask("a password123 b pass"));
    }

    @Test
    void addsFurtherValuesSuchAsRegistryPasswords() {
        SecretMasker masker = SecretMasker.of(List.of("first-secret")).with(List.of("registry-pw"));
        assertEquals("**** ****", masker.mask("first-secret registry-pw"));
        assertEquals("plain", SecretMasker.none().mask("plain"));
    }
}
