package io.github.pgimage.core.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineGatewayTest {

    @Test
    void noEngineAnsweringIsOneErrorNamingWhatWasTried(@TempDir Path home) throws Exception {
        Path socket = home.resolve("nothing-listens.sock");
        EngineEndpoint endpoint = new EngineLocator(Map.of(), home).locate("unix://" + socket);

        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> EngineGateway.connect(endpoint));

        assertTrue(e.getMessage().startsWith("No Docker engine answered at unix://" + socket + " (from dockerHost parameter): "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("Engine discovery tried, in order:\n  - dockerHost parameter: unix://" + socket),
                e.getMessage());
    }
}
