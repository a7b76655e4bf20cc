package io.github.pgimage.core.session;

import com.google.protobuf.ByteString;
import io.github.pgimage.core.session.proto.GetSecretRequest;
import io.github.pgimage.core.session.proto.GetSecretResponse;
import io.github.pgimage.core.session.proto.SecretsGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.Arrays;
import java.util.Optional;

/** Answers the engine's {@code GetSecret} from the {@link SecretStore}; the value travels only in the reply. */
final class SecretsService extends SecretsGrpc.SecretsImplBase {
    private final SecretStore store;
    private final SessionActivity activity;

    SecretsService(SecretStore store, SessionActivity activity) {
        this.store = store;
        this.activity = activity;
    }

    @Override
    public void getSecret(GetSecretRequest request, StreamObserver<GetSecretResponse> reply) {
        Optional<byte[]> value = store.get(request.getID());
        activity.secretRequested(request.getID(), value.isPresent());
        if (value.isEmpty()) {
            // NOT_FOUND is what BuildKit expects for an unknown id: a `required=false` mount is then left out.
            reply.onError(Status.NOT_FOUND.withDescription("secret " + request.getID() + " not found").asRuntimeException());
            return;
        }
        byte[] bytes = value.get();
        reply.onNext(GetSecretResponse.newBuilder().setData(ByteString.copyFrom(bytes)).build());
        Arrays.fill(bytes, (byte) 0);
        reply.onCompleted();
    }
}
