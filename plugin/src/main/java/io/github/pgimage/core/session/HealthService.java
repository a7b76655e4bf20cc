package io.github.pgimage.core.session;

import io.github.pgimage.core.session.proto.HealthCheckRequest;
import io.github.pgimage.core.session.proto.HealthCheckResponse;
import io.github.pgimage.core.session.proto.HealthCheckResponse.ServingStatus;
import io.github.pgimage.core.session.proto.HealthGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * Answers the engine's health checks of the session: SERVING for the session as a whole (the empty service name, the
 * one BuildKit asks about) while it is open; any other name is NOT_FOUND, as the health checking protocol says.
 */
final class HealthService extends HealthGrpc.HealthImplBase {
    private static final HealthCheckResponse SERVING =
            HealthCheckResponse.newBuilder().setStatus(ServingStatus.SERVING).build();

    private final SessionActivity activity;

    HealthService(SessionActivity activity) {
        this.activity = activity;
    }

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> reply) {
        activity.healthChecked();
        if (!request.getService().isEmpty()) {
            reply.onError(Status.NOT_FOUND.withDescription("no service " + request.getService() + " in this session")
                    .asRuntimeException());
            return;
        }
        reply.onNext(SERVING);
        reply.onCompleted();
    }
}
