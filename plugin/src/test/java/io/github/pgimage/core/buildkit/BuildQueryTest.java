package io.github.pgimage.core.buildkit;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BuildQueryTest {
    private static final ContextSource NO_CONTEXT = InputStream::nullInputStream;

    @Test
    void defaultsAskForBuildKitWithoutTagOrPull() {
        BuildRequest request = BuildRequest.builder(NO_CONTEXT).tag("acme/pg:15").build();

        assertEquals("version=2&dockerfile=Dockerfile&rm=1&forcerm=1&buildid=b1", BuildQuery.of(request, "b1"));
    }

    @Test
    void everyOptionIsEncoded() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("PG_MAJOR", "15");
        args.put("A", "x y&z");
        BuildRequest request = BuildRequest.builder(NO_CONTEXT)
                .buildArgs(args)
                .pull(true)
                .noCache(true)
                .target("setup")
                .cacheFrom(List.of("localhost:5000/pg:cache"))
                .sessionId("s1")
                .build();

        assertEquals("version=2&dockerfile=Dockerfile&rm=1&forcerm=1&buildid=b1"
                        + "&buildargs=%7B%22A%22%3A%22x+y%26z%22%2C%22PG_MAJOR%22%3A%2215%22%7D"
                        + "&pull=1&nocache=1&target=setup"
                        + "&cachefrom=%5B%22localhost%3A5000%2Fpg%3Acache%22%5D&session=s1",
                BuildQuery.of(request, "b1"));
    }

    @Test
    void podmanGetsNoBuildKitSwitchAndSecretsNamedByTheirFileInTheContext() {
        BuildRequest request = BuildRequest.builder(NO_CONTEXT)
                .contextSecrets(Map.of("token", ".pgimage-secret-1"))
                .build();

        assertEquals("dockerfile=Dockerfile&rm=1&forcerm=1&buildid=b1"
                        + "&secrets=%5B%22id%3Dtoken%2Csrc%3D.pgimage-secret-1%22%5D",
                BuildQuery.of(request, "b1", true));
    }

    @Test
    void aContextServedByTheSessionIsAskedForAsTheDockerCliDoes() {
        BuildRequest request = BuildRequest.builder(NO_CONTEXT).sessionId("s1").contextInSession(true).build();

        assertEquals("version=2&dockerfile=Dockerfile&rm=1&forcerm=1&buildid=b1&session=s1&remote=client-session",
                BuildQuery.of(request, "b1"));
    }

    @Test
    void aContextInTheSessionNeedsASession() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BuildRequest.builder(NO_CONTEXT).contextInSession(true).build());
    }
}
