package io.github.pgimage.core.engine;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 to the engine's API on a connection of its own per request ({@code Connection: close}), for every request
 * the plugin makes of the engine (version, images, containers, volumes, {@code /build}, push, logs). It is what keeps a
 * single fresh-JVM build light, and the plugin's logs free of wire dumps: no client library with a JSON mapping of
 * every API type and a wire logger of its own (docker-java's HttpClient logged each request body, a container's
 * password among them, at debug level). Request bodies go with their length (JSON) or chunked (a build context);
 * answers are read as sent (length, chunked, or up to the close). Each request is watched ({@link AnswerWatch}) until
 * its answer has begun: a line while the engine is silent, and an end when it stays so.
 */
final class EngineHttp {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int CHUNK = 64 * 1024;

    private final EngineEndpoint endpoint;

    EngineHttp(EngineEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * An answer whose head has arrived. Its {@link AnswerWatch} still runs until the body is read ({@link #text()}) or
     * handed on as a stream ({@link #stream()}): a read the watch broke off fails with its
     * {@link EngineTimeoutException}. Closing the answer closes its connection (an unread rest of the body is dropped,
     * not read).
     */
    static final class Response implements Closeable {
        private final int status;
        private final Map<String, String> headers;
        private final InputStream body;
        private final RawConnection connection;
        private final AnswerWatch watch;

        Response(int status, Map<String, String> headers, InputStream body, RawConnection connection, AnswerWatch watch) {
            this.status = status;
            this.headers = headers;
            this.connection = connection;
            this.watch = watch;
            this.body = new FilterInputStream(body) {
                @Override
                public int read() throws IOException {
                    try {
                        return super.read();
                    } catch (IOException e) {
                        throw timedOutOr(e);
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (IOException e) {
                        throw timedOutOr(e);
                    }
                }
            };
        }

        /** The watch's timeout when it broke the read off, else the read's own failure. */
        private IOException timedOutOr(IOException failure) {
            if (watch.timedOut()) {
                throw watch.timeout();
            }
            return failure;
        }

        int status() {
            return status;
        }

        /** Header names in lower case. */
        Map<String, String> headers() {
            return headers;
        }

        boolean ok() {
            return status / 100 == 2;
        }

        /** The whole body as text (answers of the typed calls are small JSON documents), read under the watch. */
        String text() throws IOException {
            return text(Integer.MAX_VALUE);
        }

        /** At most {@code max} bytes of the body as text: an error's message, from an answer that might go on. */
        String text(int max) throws IOException {
            try {
                return new String(body.readNBytes(max), StandardCharsets.UTF_8);
            } finally {
                watch.close();
            }
        }

        /**
         * The body as it arrives, for an answer that streams for as long as the engine works (a build, a push, a
         * followed log): the engine has begun to answer, so no timeout applies any more.
         */
        InputStream stream() {
            watch.close();
            return body;
        }

        /** The body under the watch, for a small answer read in a format of its own (a container's log). */
        InputStream body() {
            return body;
        }

        @Override
        public void close() throws IOException {
            watch.close();
            connection.close();
        }
    }

    Response get(String path) throws IOException, EngineException {
        return send("GET", path, Map.of(), null);
    }

    /** A request with a JSON document as its body, sent with its length. */
    Response sendJson(String method, String path, String json) throws IOException, EngineException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return exchange(method, path, Map.of("Content-Type", "application/json"),
                connection -> connection.write(body, 0, body.length), body.length, Duration.ZERO);
    }

    /**
     * @param body sent chunked, or nothing when null; an engine that answers before taking the whole body (a refusal)
     *             is still heard
     */
    Response send(String method, String path, Map<String, String> headers, InputStream body)
            throws IOException, EngineException {
        return send(method, path, headers, body, Duration.ZERO);
    }

    /**
     * @param longer how much longer than its patience the engine may take to begin this answer: a request the engine
     *               answers only when it is done (a container's stop, which may wait for the container that long)
     */
    Response send(String method, String path, Map<String, String> headers, InputStream body, Duration longer)
            throws IOException, EngineException {
        return exchange(method, path, headers, body == null ? null : connection -> sendChunked(connection, body), -1,
                longer);
    }

    /** How a request's body goes out. */
    private interface BodyWriter {
        void writeTo(RawConnection connection) throws IOException;
    }

    /**
     * @param length the body's length, or -1 to send it chunked
     * @param longer extra time the engine may take to begin its answer
     */
    private Response exchange(String method, String path, Map<String, String> headers, BodyWriter body, long length,
                              Duration longer) throws IOException, EngineException {
        RawConnection connection = RawConnection.open(endpoint);
        AnswerWatch watch = AnswerWatch.start(connection, endpoint, method + " " + path, longer);
        try {
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(connection.hostHeader()).append("\r\n")
                    .append("User-Agent: postgres-image-maven-plugin\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append(body == null ? "Content-Length: 0\r\n"
                    : length >= 0 ? "Content-Length: " + length + "\r\n" : "Transfer-Encoding: chunked\r\n").append("\r\n");
            byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            connection.write(bytes, 0, bytes.length);
            IOException sendFailure = null;
            if (body != null) {
                try {
                    body.writeTo(connection);
                } catch (IOException e) {
                    sendFailure = e; // the engine may have answered and closed: its answer says more than EPIPE
                }
            }
            InputStream in = connection.input();
            try {
                return readResponse(method, path, in, connection, watch);
            } catch (IOException | RuntimeException e) {
                if (sendFailure != null) {
                    throw sendFailure;
                }
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            watch.close();
            connection.close();
            if (watch.timedOut()) {
                throw watch.timeout();
            }
            throw e;
        }
    }

    private static void sendChunked(RawConnection connection, InputStream body) throws IOException {
        byte[] buffer = new byte[CHUNK];
        int n;
        while ((n = body.readNBytes(buffer, 0, buffer.length)) > 0) {
            byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = new byte[size.length + n + 2];
            System.arraycopy(size, 0, chunk, 0, size.length);
            System.arraycopy(buffer, 0, chunk, size.length, n);
            chunk[chunk.length - 2] = '\r';
            chunk[chunk.length - 1] = '\n';
            connection.write(chunk, 0, chunk.length);
        }
        byte[] end = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        connection.write(end, 0, end.length);
    }

    static Response readResponse(String method, String path, InputStream in, RawConnection connection,
                                 AnswerWatch watch) throws IOException, EngineException {
        String statusLine = readLine(in, path);
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new NumberFormatException();
            }
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new EngineException("The engine's answer to " + method + " " + path + " is not HTTP: " + statusLine);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headBytes = statusLine.length();
        for (String line = readLine(in, path); !line.isEmpty(); line = readLine(in, path)) {
            headBytes += line.length();
            if (headBytes > MAX_HEAD) {
                throw new EngineException("The engine answered " + method + " " + path + " with more than "
                        + MAX_HEAD + " bytes of headers");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
        }
        InputStream body;
        if (status / 100 == 1 || status == 204 || status == 304 || method.equals("HEAD")) {
            body = InputStream.nullInputStream();
        } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            body = new ChunkedInput(in);
        } else if (headers.containsKey("content-length")) {
            body = new BoundedInput(in, Long.parseLong(headers.get("content-length")));
        } else {
            body = in; // the answer ends where the engine closes the connection
        }
        return new Response(status, Map.copyOf(headers), body, connection, watch);
    }

    /** One CRLF-terminated line of the head, without its end. */
    private static String readLine(InputStream in, String path) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("the engine closed the connection before answering " + path);
            }
            if (line.size() > MAX_HEAD) {
                throw new IOException("a line of more than " + MAX_HEAD + " bytes in the engine's answer to " + path);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** A body of a known length. */
    private static final class BoundedInput extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInput(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the engine closed the connection " + left + " bytes before the answer's end");
            }
            left -= n;
            return n;
        }
    }

    /** A chunked body: size line, bytes, CRLF, until a chunk of size 0 (and its trailers). */
    static final class ChunkedInput extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        ChunkedInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (left == 0 && !nextChunk()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the engine closed the connection inside a chunk");
            }
            left -= n;
            if (left == 0) {
                readLine(in, "a chunk"); // the CRLF after the chunk's bytes
            }
            return n;
        }

        private boolean nextChunk() throws IOException {
            if (done) {
                return false;
            }
            String line = readLine(in, "a chunk");
            int extension = line.indexOf(';');
            String size = (extension < 0 ? line : line.substring(0, extension)).strip();
            try {
                left = Long.parseLong(size, 16);
            } catch (NumberFormatException e) {
                throw new IOException("not a chunk size in the engine's answer: '" + line + "'");
            }
            if (left == 0) {
                done = true;
                while (!readLine(in, "a chunk").isEmpty()) {
                    // trailers: none the plugin needs
                }
                return false;
            }
            return true;
        }
    }
}
