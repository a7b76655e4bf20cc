package io.github.pgimage.core.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP/1.1 half of a session: {@code POST /session} asking to upgrade the connection to h2c,
 * which the engine answers with {@code 101 Switching Protocols}; from then on the engine speaks
 * HTTP/2 (as the gRPC client) on the same connection.
 */
final class SessionUpgrade {
    /** A 101 head is a few hundred bytes; anything this long is not an answer to the upgrade. */
    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    private static final int MAX_ERROR_BODY = 8 * 1024;

    private SessionUpgrade() {
    }

    /**
     * Sends the upgrade request and reads the answer's head exactly up to its blank line.
     *
     * @param name    shown by the engine in its logs and {@code docker buildx} listings
     * @param methods every gRPC method served, as {@code /package.Service/Method}: the engine calls only these
     * @return the bytes that arrived after the head in the same reads: the start of the engine's HTTP/2
     * stream, which must reach the gRPC server unchanged
     * @throws SessionException the engine answered anything but 101
     */
    static byte[] perform(EngineConnection connection, String sessionId, String name, List<String> methods)
            throws IOException, SessionException {
        return perform(connection, sessionId, name, null, methods);
    }

    /**
     * @param sharedKey where BuildKit keeps what FileSync sent, across sessions (see
     *                  {@code FileSyncService.sharedKey}); null when the session serves no files
     */
    static byte[] perform(EngineConnection connection, String sessionId, String name, String sharedKey,
                          List<String> methods) throws IOException, SessionException {
        StringBuilder request = new StringBuilder()
                .append("POST /session HTTP/1.1\r\n")
                .append("Host: ").append(connection.hostHeader()).append("\r\n")
                .append("User-Agent: postgres-image-maven-plugin\r\n")
                .append("Content-Length: 0\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Upgrade: h2c\r\n")
                .append("X-Docker-Expose-Session-Uuid: ").append(sessionId).append("\r\n")
                .append("X-Docker-Expose-Session-Name: ").append(name).append("\r\n");
        if (sharedKey != null && !sharedKey.isEmpty()) {
            request.append("X-Docker-Expose-Session-Sharedkey: ").append(sharedKey).append("\r\n");
        }
        for (String method : methods) {
            request.append("X-Docker-Expose-Session-Grpc-Method: ").append(method).append("\r\n");
        }
        request.append("\r\n");
        byte[] bytes = request.toString().getBytes(StandardCharsets.US_ASCII);
        connection.write(bytes, 0, bytes.length);

        byte[] buffer = new byte[4096];
        byte[] received = new byte[0];
        int headEnd;
        while ((headEnd = indexOf(received, END_OF_HEAD)) < 0) {
            if (received.length > MAX_HEAD) {
                throw new SessionException("The engine answered the session request with more than "
                        + MAX_HEAD + " bytes of headers");
            }
            int n = connection.read(buffer);
            if (n < 0) {
                throw new SessionException("The engine closed the connection instead of answering the session request"
                        + (received.length == 0 ? "" : ": " + new String(received, StandardCharsets.ISO_8859_1).strip()));
            }
            received = concat(received, buffer, n);
        }
        String head = new String(received, 0, headEnd, StandardCharsets.ISO_8859_1);
        byte[] rest = Arrays.copyOfRange(received, headEnd + END_OF_HEAD.length, received.length);
        String statusLine = head.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new SessionException("The engine's answer to the session request is not HTTP: " + statusLine);
        }
        if (!parts[1].equals("101")) {
            throw new SessionException("The engine refused the BuildKit session (" + statusLine.strip() + ")"
                    + errorBody(connection, head, rest));
        }
        return rest;
    }

    /** The engine's error message (a small JSON body), for the exception. */
    private static String errorBody(EngineConnection connection, String head, byte[] alreadyRead) throws IOException {
        int length = head.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .mapToInt(Integer::parseInt).findFirst().orElse(0);
        length = Math.min(length, MAX_ERROR_BODY);
        byte[] body = alreadyRead;
        byte[] buffer = new byte[1024];
        while (body.length < length) {
            int n = connection.read(buffer);
            if (n < 0) {
                break;
            }
            body = concat(body, buffer, n);
        }
        String text = new String(body, 0, Math.min(body.length, Math.max(length, 0)), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "" : ": " + text;
    }

    private static byte[] concat(byte[] head, byte[] tail, int tailLength) {
        byte[] joined = Arrays.copyOf(head, head.length + tailLength);
        System.arraycopy(tail, 0, joined, head.length, tailLength);
        return joined;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
