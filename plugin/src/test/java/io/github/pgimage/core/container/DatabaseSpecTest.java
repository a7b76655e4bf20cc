package io.github.pgimage.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;

class DatabaseSpecTest {

    private static DatabaseSpec spec(String database, Map<String, String> env, int hostPort, String volume) {
        return DatabaseSpec.builder("img:1")
                .username("app")
                .password("s3cret-value")
                .database(database)
                .env(env)
                .hostPort(hostPort)
                .volume(volume)
                .build();
    }

    @Test
    void theBuilderStartsFromTheOfficialImagesDefaults() {
        DatabaseSpec spec = DatabaseSpec.builder("img:1").password("pw").build();
        assertEquals("postgres", spec.username());
        assertEquals("postgres", spec.effectiveDatabase());
        assertEquals(5432, spec.containerPort());
        assertEquals(0, spec.hostPort());
        assertNull(spec.volume());
        assertEquals("/var/lib/postgresql/data", spec.dataDirectory());
        assertEquals(Duration.ofSeconds(120), spec.startTimeout());
        assertEquals(List.of(), spec.command());
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
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> spec(null, Map.of(name, "x"), 0, null));
            assertTrue(e.getMessage().startsWith(name), e.getMessage());
            assertEquals(Optional.of(Setting.CONTAINER_ENV), e.setting());
            assertEquals(Optional.of(name), e.value());
        }
    }

    @Test
    void rejectsBadPortsVolumesAndTimeouts() {
        assertEquals(Setting.HOST_PORT, settingOf(() -> spec(null, Map.of(), -1, null)));
        assertEquals(Setting.HOST_PORT, settingOf(() -> spec(null, Map.of(), 65536, null)));
        assertEquals(Setting.DATA_VOLUME, settingOf(() -> spec(null, Map.of(), 0, "/host/folder")));
        assertEquals(Setting.START_TIMEOUT,
                settingOf(() -> DatabaseSpec.builder("img").password("pw").startTimeout(Duration.ZERO).build()));
        assertEquals(Setting.PASSWORD, settingOf(() -> DatabaseSpec.builder("img").password("").build()));
        assertEquals(Setting.CONTAINER_PORT,
                settingOf(() -> DatabaseSpec.builder("img").password("pw").containerPort(0).build()));
        assertEquals("pgdata_1.x", spec(null, Map.of(), 0, "pgdata_1.x").volume());
        assertNull(spec(null, Map.of(), 0, "").volume());
    }

    private static Setting settingOf(Executable spec) {
        return assertThrows(InvalidSettingException.class, spec).setting().orElseThrow();
    }

    @Test
    void toStringLeavesThePasswordOut() {
        assertFalse(spec(null, Map.of(), 0, null).toString().contains("s3cret-value"));
    }
}
