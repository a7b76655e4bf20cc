package io.github.pgimage.core.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageNameTest {

    @Test
    void splitsRepositoryAndTag() {
        assertEquals(new ImageName("acme/postgres", "15"), ImageName.parse("acme/postgres:15"));
        assertEquals(new ImageName("postgres", "latest"), ImageName.parse("postgres"));
    }

    @Test
    void aRegistryPortIsNoTag() {
        assertEquals(new ImageName("localhost:5000/acme/pg", "latest"), ImageName.parse("localhost:5000/acme/pg"));
        assertEquals(new ImageName("localhost:5000/acme/pg", "1.0-SNAPSHOT"), ImageName.parse("localhost:5000/acme/pg:1.0-SNAPSHOT"));
    }

    @Test
    void digestsCannotBeTagged() {
        assertThrows(IllegalArgumentException.class, () -> ImageName.parse("pg@sha256:abc"));
        assertThrows(IllegalArgumentException.class, () -> ImageName.parse(" "));
    }
}
