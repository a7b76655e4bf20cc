package io.github.pgimage.core.engine;

import java.util.Optional;

import io.github.pgimage.core.Setting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

class EngineCapabilitiesTest {

    private static final EngineEndpoint ENDPOINT =
            new EngineEndpoint(URI.create("tcp://build-host:2376"), null, "DOCKER_HOST", List.of("DOCKER_HOST"));

    @Test
    void engine2010CanBuildWithBuildKit() throws EngineException {
        EngineCapabilities caps = EngineCapabilities.of(new EngineVersion("20.10.24", "1.41")).requireBuildKit(ENDPOINT);
        assertTrue(caps.buildKit());
    }

    @Test
    void anEngineTooOldForBuildKitIsRefusedNamingBothVersions() {
        EngineException e = assertThrows(EngineException.class,
                () -> EngineCapabilities.of(new EngineVersion("18.06.3-ce", "1.38")).requireBuildKit(ENDPOINT));
        assertEquals("The engine at tcp://build-host:2376 is Docker 18.06.3-ce with API 1.38; building with BuildKit"
                + " needs API 1.39 (Docker Engine 18.09) or newer. Upgrade the engine, or choose a newer one.", e.getMessage());
        assertEquals(Optional.of(Setting.ENGINE_ADDRESS), e.setting(), "the front end names its own setting");
        assertEquals(Optional.of("tcp://build-host:2376"), e.value());
    }

    @Test
    void versionsCompareNumerically() {
        assertTrue(EngineCapabilities.atLeast("1.41", "1.39"));
        assertFalse(EngineCapabilities.atLeast("1.9", "1.39"));
        assertTrue(EngineCapabilities.atLeast("1.39", "1.39"));
        assertFalse(EngineCapabilities.atLeast("garbage", "1.39"));
    }
}
