package io.github.pgimage.core.engine;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A container log as the engine sends it ({@code GET /containers/{id}/logs}): for a container without a terminal, the
 * multiplexed stream format, each chunk of output behind an 8-byte header (the stream, 1 stdout or 2 stderr, three
 * zero bytes, the chunk's length as a big-endian 32-bit number); for one with a terminal, the raw bytes. Engines
 * before API 1.42 name both {@code application/vnd.docker.raw-stream}, so the format is told from the first header:
 * bytes that cannot be one are raw output.
 */
final class LogFrames {
    private static final int HEADER = 8;
    /** The stream of a log that has no frames (a terminal's). */
    static final int RAW = 0;

    /** One chunk of output: not a line (Docker splits lines longer than 16 KiB, and sends chunks as they come). */
    record Frame(int stream, byte[] payload) {
    }

    private final PushbackInputStream in;
    private Boolean multiplexed;

    LogFrames(InputStream in) {
        this.in = new PushbackInputStream(in, HEADER);
    }

    /**
     * The next chunk of output, stdout and stderr alike, in the order the engine stored them.
     *
     * @return the chunk, or null at the end of the log
     */
    Frame next() throws IOException {
        if (multiplexed == null) {
            byte[] first = in.readNBytes(HEADER);
            multiplexed = first.length == HEADER && first[0] >= 0 && first[0] <= 2
                    && first[1] == 0 && first[2] == 0 && first[3] == 0;
            in.unread(first);
        }
        if (!multiplexed) {
            byte[] raw = new byte[8192];
            int n = in.read(raw);
            return n < 0 ? null : new Frame(RAW, Arrays.copyOf(raw, n));
        }
        byte[] header = in.readNBytes(HEADER);
        if (header.length == 0) {
            return null;
        }
        if (header.length < HEADER) {
            throw new EOFException("the engine ended the log inside a frame header");
        }
        int length = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
        if (length < 0) {
            throw new IOException("a log frame of " + Integer.toUnsignedString(length) + " bytes: not a container log");
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new EOFException("the engine ended the log " + (length - payload.length) + " bytes into a frame");
        }
        return new Frame(header[0], payload);
    }

    /**
     * Whole lines out of frames, each stream's on its own: a long stdout line arrives in several frames, and a stderr
     * line may come between them. A line goes out when its newline arrives, without it; what is left of a stream
     * when the log ends goes out by {@link #finish()}. Bytes are decoded per line, so that a character split across
     * two frames stays whole.
     */
    static final class Lines {
        private final Map<Integer, ByteArrayOutputStream> partial = new LinkedHashMap<>();
        private final Consumer<String> whole;
        private final Consumer<String> unterminated;

        /**
         * @param whole        receives each line that ended with a newline, without it
         * @param unterminated receives, at the end, what a stream wrote after its last newline
         */
        Lines(Consumer<String> whole, Consumer<String> unterminated) {
            this.whole = whole;
            this.unterminated = unterminated;
        }

        void accept(Frame frame) {
            ByteArrayOutputStream line = partial.computeIfAbsent(frame.stream(), stream -> new ByteArrayOutputStream());
            for (byte b : frame.payload()) {
                if (b == '\n') {
                    whole.accept(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }

        void finish() {
            partial.values().stream().filter(line -> line.size() > 0)
                    .forEach(line -> unterminated.accept(line.toString(StandardCharsets.UTF_8)));
            partial.clear();
        }
    }
}
