package io.github.pgimage.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A connection of the plugin's own, handed to a library that takes sockets (grpc-java's OkHttp transport). */
class ConnectionSocketTest {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final List<Throwable> ends = new ArrayList<>();
    private boolean closed;

    @Test
    void itsStreamsAreTheConnectionsAndTheEndOfTheFarSideIsReportedOnce() throws IOException {
        Socket socket = connection(new ByteArrayInputStream("PRI * HTTP/2.0".getBytes(StandardCharsets.US_ASCII)))
                .asSocket("the engine (POST /session)", ends::add);

        socket.getOutputStream().write("SETTINGS".getBytes(StandardCharsets.US_ASCII));
        byte[] read = new byte[32];
        int n = socket.getInputStream().read(read, 2, 30);

        assertEquals("SETTINGS", written.toString(StandardCharsets.US_ASCII));
        assertArrayEquals("PRI * HTTP/2.0".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOfRange(read, 2, 2 + n));
        assertEquals(-1, socket.getInputStream().read(read));
        assertEquals(-1, socket.getInputStream().read(read));
        assertEquals(1, ends.size());
        assertEquals(null, ends.get(0), "a clean end has no cause");
        assertEquals("the engine (POST /session)", socket.getRemoteSocketAddress().toString());
        assertTrue(socket.isConnected());
    }

    @Test
    void aBrokenConnectionIsReportedWithItsCause() throws IOException {
        IOException reset = new IOException("Connection reset by peer");
        Socket socket = connection(new InputStream() {
            @Override
            public int read() throws IOException {
                throw reset;
            }
        }).asSocket("buildkitd", ends::add);

        assertSame(reset, assertThrows(IOException.class, () -> socket.getInputStream().read(new byte[8], 0, 8)));
        assertEquals(List.of(reset), ends);
    }

    @Test
    void closingTheSocketClosesTheConnectionAndIsNoEndOfTheFarSide() throws IOException {
        Socket socket = connection(new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Socket closed");
            }
        }).asSocket("buildkitd", ends::add);
        var in = socket.getInputStream();

        socket.close();

        assertTrue(closed);
        assertTrue(socket.isClosed());
        assertThrows(IOException.class, () -> in.read(new byte[8], 0, 8));
        assertEquals(List.of(), ends, "this side closed it");
        assertThrows(IOException.class, socket::getOutputStream);
    }

    private RawConnection connection(InputStream in) {
        return RawConnection.of("docker", in, written, () -> closed = true);
    }
}
