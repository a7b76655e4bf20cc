package io.github.pgimage.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DatabaseSpecTest {

    private static DatabaseSpec spec(String database, Map<String, String> env, int hostPort, String volume) {
        return new DatabaseSpec("img:1", "app", "s3cret-value", database, env, List.of(), 5432, hostPort, volume,
                "/var/lib/postgresql/data", Duration.ofSeconds(120));
    }

    @Test
    void containerEnvFollowsTheOfficialImagesContract() {
        DatabaseSpec spec = spec(null, Map.of("TZ", "UTC", "A", "1"), 0, null);
        assertEquals("app", spec.effectiveDatabase());
        assertEquals(List.of("A=1", "TZ=UTC", "POSTGRES_USER=app", "POSTGRES_PASSWORD=s3cret-value", "POSTGRES_DB=app"),
                spec.containerEnv());
        assertEquals("appdb", spec("appdb", Map.of(), 0, null).effectiveDatabase());
        assertEquals("app", spec(" ", Map.of(), 0, null).effectiveDatabase());
    }

    @Test
    void theCredentialsHaveTheirOwnParameters() {
        for (String name : List.of("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> spec(null, Map.of(name, "x"), 0, null));
            assertTrue(e.getMessage().startsWith(name), e.getMessage());
        }
    }

    @Test
    void rejectsBadPortsVolumesAndTimeouts() {
        assertThrows(IllegalArgumentException.class, () -> spec(null, Map.of(), -1, null));
        assertThrows(IllegalArgumentException.class, () -> spec(null, Map.of(), 65536, null));
        assertThrows(IllegalArgumentException.class, () -> spec(null, Map.of(), 0, "/host/folder"));
        assertThrows(IllegalArgumentException.class, () -> new DatabaseSpec("img", "app", "pw", null, Map.of(),
                List.of(), 5432, 0, null, "/data", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new DatabaseSpec("img", "app", "", null, Map.of(),
                List.of(), 5432, 0, null, "/data", Duration.ofSeconds(1)));
        assertEquals("pgdata_1.x", spec(null, Map.of(), 0, "pgdata_1.x").volume());
        assertNull(spec(null, Map.of(), 0, "").volume());
    }

    @Test
    void toStringLeavesThePasswordOut() {
        assertFalse(spec(null, Map.of(), 0, null).toString().contains("s3cret-value"));
    }
}
