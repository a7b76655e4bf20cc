package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.buildkit.grpc.proto.WorkerRecord;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BuildKit's Control API through the engine's {@code POST /grpc}, on the engine this machine provides. */
class BuildKitClientIT {

    @Test
    void listsTheEnginesWorkersThroughTheGrpcUpgrade() throws EngineException {
        try (EngineGateway engine = EngineGateway.connect(EngineLocator.forThisProcess().locate(null));
             BuildKitClient client = BuildKitClient.over(Dialers.engineUpgrade(engine))) {
            List<WorkerRecord> workers = client.workers();
            assertFalse(workers.isEmpty(), "the engine's BuildKit has a worker");
            assertTrue(workers.get(0).getPlatformsList().stream().anyMatch(p -> p.getOS().equals("linux")),
                    workers.toString());
            // Engine 20.10's BuildKit v0.8 predates Info and worker versions: it says nothing; newer ones say something
            client.version(workers).ifPresent(version -> assertTrue(version.startsWith("v"), version));
        }
    }

    @Test
    void aSocketWithNothingListeningIsNamedInTheError() throws EngineException {
        EngineEndpoint nowhere = new EngineEndpoint(URI.create("unix:///tmp/pgimage-no-such-buildkitd.sock"), null,
                "test", List.of());
        try (BuildKitClient client = BuildKitClient.over(Dialers.buildkitd(nowhere))) {
            EngineException e = assertThrows(EngineException.class, client::workers);
            assertTrue(e.getMessage().contains("/tmp/pgimage-no-such-buildkitd.sock"), e.getMessage());
        }
    }
}
