package io.github.pgimage.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class EngineKindTest {

    @Test
    void podmanNamesItselfAmongTheVersionsComponents() {
        // Podman 4.3.1's GET /version, component names as sent
        assertEquals(EngineKind.PODMAN, EngineKind.fromComponents(List.of("Podman Engine", "Conmon", "OCI Runtime (runc)")));
        // Docker 20.10's
        assertEquals(EngineKind.DOCKER, EngineKind.fromComponents(List.of("Engine", "containerd", "runc", "docker-init")));
        assertEquals(EngineKind.DOCKER, EngineKind.fromComponents(List.of()));
        assertEquals("podman", EngineKind.PODMAN.reportName());
    }
}
