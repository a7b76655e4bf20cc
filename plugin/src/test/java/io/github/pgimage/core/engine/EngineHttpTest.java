package io.github.pgimage.core.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.function.Function;

import io.github.pgimage.core.Setting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin's HTTP/1.1 to the engine, against sockets that answer as an engine would, and as a frozen one does not:
 * accepting the connection and then saying nothing.
 */
class EngineHttpTest {
    private ServerSocketChannel server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aChunkedBodyGoesOutAndAChunkedAnswerComesBack(@TempDir Path dir) throws Exception {
        byte[] context = new byte[200_000]; // more than one chunk
        for (int i = 0; i < context.length; i++) {
            context[i] = (byte) i;
        }
        CompletableFuture<String> request = answer(dir, received -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\n{\"a\":\r\n4\r\n1}\n\n\r\n0\r\nX-Trailer: t\r\n\r\n");

        try (EngineHttp.Response response = http(dir).send("POST", "/v1.41/build?t=x",
                Map.of("Content-Type", "application/x-tar"), new ByteArrayInputStream(context))) {
            assertEquals(200, response.status());
            assertEquals("{\"a\":1}\n\n", response.text());
        }
        String head = request.get();
        assertTrue(head.startsWith("POST /v1.41/build?t=x HTTP/1.1\r\n"), head);
        assertTrue(head.contains("Transfer-Encoding: chunked\r\n") && head.contains("Content-Type: application/x-tar\r\n"), head);
        assertTrue(head.endsWith("body " + context.length + " bytes, intact"), head);
    }

    @Test
    void anErrorAnswerOfKnownLengthIsReadToItsLengthOnly(@TempDir Path dir) throws Exception {
        String json = "{\"message\":\"No such image: x\"}";
        answer(dir, received -> "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
                + json.length() + "\r\n\r\n" + json + "garbage after the body");

        try (EngineHttp.Response response = http(dir).get("/v1.41/images/x/json")) {
            assertEquals(404, response.status());
            assertEquals("application/json", response.headers().get("content-type"));
            assertEquals("No such image: x", DockerApiGateway.engineMessage(response.text()));
        }
    }

    @Test
    void anAnswerWithoutLengthEndsWhereTheEngineCloses(@TempDir Path dir) throws Exception {
        answer(dir, received -> "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n");

        try (EngineHttp.Response response = http(dir).get("/version")) {
            assertEquals(400, response.status());
            assertEquals("Client sent an HTTP request to an HTTPS server.\n", response.text());
        }
    }

    @Test
    void anEngineThatAcceptsAndNeverAnswersIsGivenUpOnNamingItsAddressAfterSayingItWaits(@TempDir Path dir)
            throws Exception {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("silent.sock")));
        List<String> lines = new CopyOnWriteArrayList<>();
        EngineEndpoint silent = new EngineEndpoint(URI.create("unix://" + dir.resolve("silent.sock")), null,
                "dockerHost parameter", List.of(), new Patience(Duration.ofSeconds(3), Duration.ofSeconds(1), lines::add));

        long started = System.nanoTime();
        EngineTimeoutException e = assertThrows(EngineTimeoutException.class, () -> EngineGateway.connect(silent));
        long took = System.nanoTime() - started;

        assertEquals("The engine at unix://" + dir.resolve("silent.sock") + " (from dockerHost parameter) accepted the"
                + " connection but sent no answer to GET /version within 3 s: it is frozen or overloaded, or what"
                + " listens there is no container engine", e.getMessage());
        assertEquals(Optional.of(Setting.ANSWER_TIMEOUT), e.setting());
        assertEquals(Optional.of("3"), e.value());
        assertTrue(took >= Duration.ofSeconds(3).toNanos() && took < Duration.ofSeconds(6).toNanos(), took + " ns");
        // a line a second (the seconds it says depend on when the watch's tick ran)
        assertTrue(lines.size() >= 2, lines.toString());
        for (String line : lines) {
            assertTrue(line.matches("Still waiting for the engine at unix://" + Pattern.quote(dir.resolve("silent.sock")
                    .toString()) + " to answer GET /version: nothing for [12] s \\(gives up after 3 s without an"
                    + " answer\\)"), line);
        }
    }

    @Test
    void aTcpListenerThatNeverAnswersIsGivenUpOnLikewise() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            EngineEndpoint silent = new EngineEndpoint(URI.create("tcp://127.0.0.1:" + listener.getLocalPort()), null,
                    "DOCKER_HOST", List.of(), new Patience(Duration.ofSeconds(2), line -> { }));

            EngineTimeoutException e = assertThrows(EngineTimeoutException.class, () -> EngineGateway.connect(silent));

            assertTrue(e.getMessage().startsWith("The engine at tcp://127.0.0.1:" + listener.getLocalPort()
                    + " (from DOCKER_HOST) accepted the connection but sent no answer to GET /version within 2 s"),
                    e.getMessage());
        }
    }

    @Test
    void anEngineThatStopsTakingTheRequestBodyIsGivenUpOnToo(@TempDir Path dir) throws Exception {
        // accepts, never reads: the chunked upload fills the socket's buffers and the write blocks
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("engine.sock")));
        EngineHttp http = new EngineHttp(new EngineEndpoint(URI.create("unix://" + dir.resolve("engine.sock")), null,
                "test", List.of(), new Patience(Duration.ofSeconds(2), line -> { })));
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };

        EngineTimeoutException e = assertThrows(EngineTimeoutException.class,
                () -> http.send("POST", "/v1.41/build", Map.of(), endless));

        assertTrue(e.getMessage().contains("sent no answer to POST /v1.41/build within 2 s"), e.getMessage());
    }

    @Test
    void aStreamTheEngineHasBegunMayPauseLongerThanThePatience(@TempDir Path dir) throws Exception {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("engine.sock")));
        CompletableFuture.runAsync(() -> {
            try (SocketChannel client = server.accept()) {
                readHead(Channels.newInputStream(client));
                client.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1)));
                Thread.sleep(2500); // a build step that prints nothing for a while
                client.write(ByteBuffer.wrap("3\r\ntwo\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        EngineHttp http = new EngineHttp(new EngineEndpoint(URI.create("unix://" + dir.resolve("engine.sock")), null,
                "test", List.of(), new Patience(Duration.ofSeconds(1), line -> { })));

        try (EngineHttp.Response response = http.send("POST", "/v1.41/build", Map.of(), null)) {
            assertEquals("onetwo", new String(response.stream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private EngineHttp http(Path dir) {
        return new EngineHttp(new EngineEndpoint(URI.create("unix://" + dir.resolve("engine.sock")), null, "test",
                List.of()));
    }

    /**
     * Serves one request: reads its head and (chunked) body, answers {@code reply}, closes. Completes with the head
     * and what the body was.
     */
    private CompletableFuture<String> answer(Path dir, Function<String, String> reply) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("engine.sock")));
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel client = server.accept()) {
                InputStream in = Channels.newInputStream(client);
                String head = readHead(in);
                String received = head;
                if (head.contains("Transfer-Encoding: chunked")) {
                    byte[] body = new EngineHttp.ChunkedInput(in).readAllBytes();
                    boolean intact = true;
                    for (int i = 0; i < body.length; i++) {
                        intact &= body[i] == (byte) i;
                    }
                    received = head + "body " + body.length + " bytes, " + (intact ? "intact" : "changed");
                }
                client.write(ByteBuffer.wrap(reply.apply(received).getBytes(StandardCharsets.ISO_8859_1)));
                return received;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
