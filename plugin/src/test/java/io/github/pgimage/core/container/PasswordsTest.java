package io.github.pgimage.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void generatesUrlSafePasswordsOf192Bits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String password = Passwords.generate();
            assertTrue(password.matches("[A-Za-z0-9_-]{32}"), password);
            seen.add(password);
        }
        assertEquals(1000, seen.size());
    }
}
