package io.github.pgimage.core.registry;

import java.util.List;
import java.util.Locale;

/**
 * Sorts the engine's push error messages into what a retry can fix and what it cannot. The engine forwards the
 * registry's words ({@code unauthorized: authentication required}) or Go's network errors ({@code dial tcp …:
 * connect: connection refused}); there is no error code to go by.
 */
enum PushError {
    /** A login is missing or wrong: retrying cannot help, the user has to fix credentials. */
    AUTH,
    /** The network or the registry hiccupped: worth another attempt. */
    TRANSIENT,
    /** Anything else (no such local image, manifest rejected): retrying gives the same answer. */
    PERMANENT;

    private static final List<String> AUTH_SIGNS = List.of(
            "no basic auth credentials", "unauthorized", "authentication required", "denied", "401 ", "403 ");
    private static final List<String> TRANSIENT_SIGNS = List.of(
            "connection refused", "connection reset", "broken pipe", "timeout", "timed out", "eof",
            "tls handshake", "too many requests", "429", "500 internal server error", "502 bad gateway",
            "503 service unavailable", "504 gateway", "unexpected http status: 5", "temporary failure",
            "no route to host", "server misbehaving");

    static PushError classify(String message) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (AUTH_SIGNS.stream().anyMatch(text::contains)) {
            return AUTH;
        }
        if (TRANSIENT_SIGNS.stream().anyMatch(text::contains)) {
            return TRANSIENT;
        }
        return PERMANENT;
    }
}
