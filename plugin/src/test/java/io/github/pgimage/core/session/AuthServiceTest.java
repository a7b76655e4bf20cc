package io.github.pgimage.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.registry.CredentialLookupException;
import io.github.pgimage.core.session.proto.CredentialsRequest;
import io.github.pgimage.core.session.proto.CredentialsResponse;
import io.grpc.stub.StreamObserver;

/** What the session answers when the engine asks for a registry login. */
class AuthServiceTest {
    private final SessionActivity activity = new SessionActivity();
    private final List<Object> answers = new ArrayList<>();

    @Test
    void aLoginIsServedForTheHostTheEngineNames() {
        RegistryCredentials logins = host -> host.equals("localhost:5000")
                ? Optional.of(new RegistryCredential("ci", "pw")) : Optional.empty();

        new AuthService(logins, activity).credentials(request("localhost:5000"), observer());

        assertEquals(List.of(CredentialsResponse.newBuilder().setUsername("ci").setSecret("pw").build(), "completed"),
                answers);
        assertEquals(Set.of("localhost:5000"), activity.credentialsServed());
    }

    @Test
    void aLoginThatCannotBeReadIsAnsweredAnonymouslySoAPublicPullGoesOn() {
        RegistryCredentials broken = host -> {
            throw new CredentialLookupException("The credential helper docker-credential-gone configured in the"
                    + " Docker CLI configuration is not an executable on PATH (/usr/bin)");
        };

        new AuthService(broken, activity).credentials(request("registry-1.docker.io"), observer());

        assertEquals(List.of(CredentialsResponse.getDefaultInstance(), "completed"), answers);
        assertEquals(Map.of("registry-1.docker.io", "The credential helper docker-credential-gone configured in the"
                + " Docker CLI configuration is not an executable on PATH (/usr/bin)"), activity.credentialFailures());
    }

    private static CredentialsRequest request(String host) {
        return CredentialsRequest.newBuilder().setHost(host).build();
    }

    private StreamObserver<CredentialsResponse> observer() {
        return new StreamObserver<>() {
            @Override
            public void onNext(CredentialsResponse value) {
                answers.add(value);
            }

            @Override
            public void onError(Throwable t) {
                answers.add(t);
            }

            @Override
            public void onCompleted() {
                answers.add("completed");
            }
        };
    }
}
