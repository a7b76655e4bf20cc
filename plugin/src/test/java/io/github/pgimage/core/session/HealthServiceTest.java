package io.github.pgimage.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;

import io.github.pgimage.core.session.proto.HealthCheckRequest;
import io.github.pgimage.core.session.proto.HealthCheckResponse.ServingStatus;
import io.github.pgimage.core.session.proto.HealthGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session's answer to the engine's health checks, called by its wire name as BuildKit calls it. */
class HealthServiceTest {
    private final SessionActivity activity = new SessionActivity();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void serve() throws Exception {
        String name = "health-test-" + UUID.randomUUID();
        server = InProcessServerBuilder.forName(name).addService(new HealthService(activity)).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void theSessionAsAWholeIsServingAndEachCheckIsCounted() {
        var health = HealthGrpc.newBlockingStub(channel);

        assertEquals("/grpc.health.v1.Health/Check", "/" + HealthGrpc.getCheckMethod().getFullMethodName());
        assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertEquals(2, activity.healthChecks());
    }

    @Test
    void aServiceOfItsOwnNameIsNotFoundAsTheProtocolSays() {
        var health = HealthGrpc.newBlockingStub(channel);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> health.check(HealthCheckRequest.newBuilder().setService("moby.filesync.v1.FileSync").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }
}
