package io.github.pgimage.core.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP/1.1 half of an upgraded connection: {@code POST /session} (or {@code /grpc}) asking to switch the
 * connection to another protocol (h2c), which the engine answers with {@code 101 Switching Protocols}; from then on
 * both sides speak that protocol on the same connection.
 */
final class ConnectionUpgrade {
    /** A 101 head is a few hundred bytes; anything this long is not an answer to the upgrade. */
    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    private static final int MAX_ERROR_BODY = 8 * 1024;

    private ConnectionUpgrade() {
    }

    /**
     * Sends the upgrade request and reads the answer's head exactly up to its blank line; bytes that arrived after
     * it are handed back to the connection (the start of the engine's HTTP/2 stream, which must reach the caller's
     * protocol handler unchanged).
     *
     * @param headers extra headers, each name with its values in order
     * @throws EngineRequestException the engine answered anything but 101
     * @throws EngineException        the answer is not HTTP or the engine closed the connection
     */
    static void perform(RawConnection connection, String path, String protocol, Map<String, List<String>> headers)
            throws IOException, EngineException {
        StringBuilder request = new StringBuilder()
                .append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(connection.hostHeader()).append("\r\n")
                .append("User-Agent: postgres-image-maven-plugin\r\n")
                .append("Content-Length: 0\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Upgrade: ").append(protocol).append("\r\n");
        headers.forEach((name, values) -> values.forEach(value ->
                request.append(name).append(": ").append(value).append("\r\n")));
        request.append("\r\n");
        byte[] bytes = request.toString().getBytes(StandardCharsets.US_ASCII);
        connection.write(bytes, 0, bytes.length);

        byte[] buffer = new byte[4096];
        byte[] received = new byte[0];
        int headEnd;
        while ((headEnd = indexOf(received, END_OF_HEAD)) < 0) {
            if (received.length > MAX_HEAD) {
                throw new EngineException("The engine answered POST " + path + " with more than "
                        + MAX_HEAD + " bytes of headers");
            }
            int n = connection.read(buffer);
            if (n < 0) {
                throw new EngineException("The engine closed the connection instead of answering POST " + path
                        + (received.length == 0 ? "" : ": " + new String(received, StandardCharsets.ISO_8859_1).strip()));
            }
            received = concat(received, buffer, n);
        }
        String head = new String(received, 0, headEnd, StandardCharsets.ISO_8859_1);
        byte[] rest = Arrays.copyOfRange(received, headEnd + END_OF_HEAD.length, received.length);
        String statusLine = head.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new EngineException("The engine's answer to POST " + path + " is not HTTP: " + statusLine);
        }
        if (!parts[1].equals("101")) {
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new EngineException("The engine's answer to POST " + path + " is not HTTP: " + statusLine);
            }
            throw new EngineRequestException("The engine refused to upgrade POST " + path + " to " + protocol
                    + " (" + statusLine.strip() + ")", status, errorBody(connection, head, rest));
        }
        connection.unread(rest);
    }

    /** The engine's error message (a small JSON body), for the exception. */
    private static String errorBody(RawConnection connection, String head, byte[] alreadyRead) throws IOException {
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
        return DockerApiGateway.engineMessage(
                new String(body, 0, Math.min(body.length, Math.max(length, 0)), StandardCharsets.UTF_8));
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
