package io.github.pgimage.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RunningDatabaseTest {
    private final RunningDatabase database = new RunningDatabase("0123456789abcdef", "127.0.0.1", 32768, "app",
            "s3cret-value", "app db");

    @Test
    void handsTheTestsFiveProperties() {
        Map<String, String> properties = database.properties("postgres-image.");
        assertEquals(List.of("postgres-image.host", "postgres-image.port", "postgres-image.jdbcUrl",
                "postgres-image.username", "postgres-image.password"), List.copyOf(properties.keySet()));
        assertEquals("jdbc:postgresql://127.0.0.1:32768/app%20db", properties.get("postgres-image.jdbcUrl"));
        assertEquals("32768", properties.get("postgres-image.port"));
        assertEquals("s3cret-value", properties.get("postgres-image.password"));
    }

    @Test
    void bracketsIpv6Hosts() {
        assertEquals("jdbc:postgresql://[::1]:5432/db", RunningDatabase.jdbcUrl("::1", 5432, "db"));
    }

    @Test
    void toStringLeavesThePasswordOut() {
        assertFalse(database.toString().contains("s3cret-value"));
    }
}
