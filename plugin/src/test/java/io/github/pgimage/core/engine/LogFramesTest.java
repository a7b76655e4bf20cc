package io.github.pgimage.core.engine;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A container's log as engines send it: framed per stream without a terminal, raw with one. */
class LogFramesTest {

    @Test
    void framesOfBothStreamsComeBackInOrderWithoutTheirHeaders() throws Exception {
        byte[] log = concat(frame(1, "started\n"), frame(2, "warning: x\n"), frame(1, ""), frame(1, "ready\n"));

        assertEquals(List.of("started\n", "warning: x\n", "", "ready\n"), chunks(log));
    }

    @Test
    void aLogWithoutFramesIsReadAsItIs() throws Exception {
        // a container with a terminal: its bytes as written, which cannot be taken for a header
        assertEquals("hello from a tty\r\n", String.join("", chunks("hello from a tty\r\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("hi\n", String.join("", chunks("hi\n".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void linesAreAssembledPerStreamSoThatAnotherStreamsLineCannotCutIntoThem() throws Exception {
        // Docker splits a long stdout line into frames; a stderr line may come in between
        byte[] log = concat(frame(1, "a long li"), frame(2, "warning\n"), frame(1, "ne\nnext"), frame(2, "tail"));
        List<String> whole = new ArrayList<>();
        List<String> unterminated = new ArrayList<>();
        LogFrames frames = new LogFrames(new ByteArrayInputStream(log));
        LogFrames.Lines lines = new LogFrames.Lines(whole::add, unterminated::add);
        for (LogFrames.Frame frame = frames.next(); frame != null; frame = frames.next()) {
            lines.accept(frame);
        }
        lines.finish();

        assertEquals(List.of("warning", "a long line"), whole);
        assertEquals(List.of("next", "tail"), unterminated);
    }

    @Test
    void aCharacterSplitAcrossFramesStaysWhole() {
        byte[] euro = "€\n".getBytes(StandardCharsets.UTF_8);
        List<String> whole = new ArrayList<>();
        LogFrames.Lines lines = new LogFrames.Lines(whole::add, whole::add);
        lines.accept(new LogFrames.Frame(1, java.util.Arrays.copyOfRange(euro, 0, 1)));
        lines.accept(new LogFrames.Frame(1, java.util.Arrays.copyOfRange(euro, 1, euro.length)));

        assertEquals(List.of("€"), whole);
    }

    @Test
    void anEmptyLogHasNoChunks() throws Exception {
        assertNull(new LogFrames(new ByteArrayInputStream(new byte[0])).next());
    }

    @Test
    void aFrameCutShortIsAnError() {
        byte[] whole = frame(1, "0123456789");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 4);

        EOFException e = assertThrows(EOFException.class, () -> chunks(cut));
        assertEquals("the engine ended the log 4 bytes into a frame", e.getMessage());
    }

    private static List<String> chunks(byte[] log) throws Exception {
        LogFrames frames = new LogFrames(new ByteArrayInputStream(log));
        List<String> chunks = new ArrayList<>();
        for (LogFrames.Frame frame = frames.next(); frame != null; frame = frames.next()) {
            chunks.add(new String(frame.payload(), StandardCharsets.UTF_8));
        }
        return chunks;
    }

    /** The multiplexed format: stream, three zero bytes, big-endian length, payload. */
    private static byte[] frame(int stream, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) stream, 0, 0, 0, 0, 0, (byte) (payload.length >> 8), (byte) payload.length});
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
