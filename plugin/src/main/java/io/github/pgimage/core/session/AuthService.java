package io.github.pgimage.core.session;

import io.github.pgimage.core.session.proto.AuthGrpc;
import io.github.pgimage.core.session.proto.CredentialsRequest;
import io.github.pgimage.core.session.proto.CredentialsResponse;
import io.grpc.stub.StreamObserver;

import java.util.Optional;

/**
 * Answers the engine's {@code Credentials} from {@link RegistryCredentials}. The other Auth methods
 * keep the generated UNIMPLEMENTED answer: BuildKit then reads the login through Credentials and
 * fetches registry tokens itself, as with a Docker CLI that keeps no token authority.
 */
final class AuthService extends AuthGrpc.AuthImplBase {
    private final RegistryCredentials credentials;
    private final SessionActivity activity;

    AuthService(RegistryCredentials credentials, SessionActivity activity) {
        this.credentials = credentials;
        this.activity = activity;
    }

    @Override
    public void credentials(CredentialsRequest request, StreamObserver<CredentialsResponse> reply) {
        Optional<RegistryCredential> login;
        try {
            login = credentials.lookup(request.getHost());
        } catch (RuntimeException e) {
            // Anonymous, as for no login: a pull that needs none (a public image) goes on; one that needs a login
            // fails on the registry's refusal, and the build reports why the login was missing.
            activity.credentialsFailed(request.getHost(), String.valueOf(e.getMessage()));
            reply.onNext(CredentialsResponse.getDefaultInstance());
            reply.onCompleted();
            return;
        }
        activity.credentialsRequested(request.getHost(), login.isPresent());
        // An empty answer, not an error, lets the engine go on anonymously, as Docker's CLI does.
        CredentialsResponse.Builder answer = CredentialsResponse.newBuilder();
        login.ifPresent(l -> answer.setUsername(l.username()).setSecret(l.secret()));
        reply.onNext(answer.build());
        reply.onCompleted();
    }
}
