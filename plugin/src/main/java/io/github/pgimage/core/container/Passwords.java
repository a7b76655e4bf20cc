package io.github.pgimage.core.container;

import java.security.SecureRandom;
import java.util.Base64;

/** Passwords for databases started without one: 24 random bytes, URL-safe Base64 (32 characters, no padding). */
public final class Passwords {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** URL-safe so that the value needs no quoting in a JDBC URL, a shell or a properties file. */
    public static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
