package io.github.pgimage.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Messages as Docker Engine 20.10 sent them while pushing to distribution 2.8 (recorded on this machine). */
class PushErrorTest {

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "no basic auth credentials | AUTH",
            "unauthorized: authentication required | AUTH",
            "denied: requested access to the resource is denied | AUTH",
            "Get \"http://localhost:5992/v2/\": dial tcp 127.0.0.1:5992: connect: connection refused | TRANSIENT",
            "Put \"http://localhost:5000/v2/x/manifests/1\": EOF | TRANSIENT",
            "received unexpected HTTP status: 503 Service Unavailable | TRANSIENT",
            "net/http: TLS handshake timeout | TRANSIENT",
            "toomanyrequests: too many requests | TRANSIENT",
            "An image does not exist locally with the tag: localhost:5991/probe/nothere | PERMANENT",
            "manifest invalid: manifest invalid | PERMANENT",
    })
    void classifies(String message, PushError kind) {
        assertEquals(kind, PushError.classify(message));
    }
}
