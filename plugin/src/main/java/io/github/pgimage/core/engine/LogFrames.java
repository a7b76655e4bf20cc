package io.github.pgimage.core.engine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * A container log as the engine sends it ({@code GET /containers/{id}/logs}): for a container without a terminal, the
 * multiplexed stream format, each chunk of output behind an 8-byte header (the stream, 1 stdout or 2 stderr, three
 * zero bytes, the chunk's length as a big-endian 32-bit number); for one with a terminal, the raw bytes. Engines
 * before API 1.42 name both {@code application/vnd.docker.raw-stream}, so the format is told from the first header:
 * bytes that cannot be one are raw output.
 */
final class LogFrames {
    private static final int HEADER = 8;

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
    byte[] next() throws IOException {
        if (multiplexed == null) {
            byte[] first = in.readNBytes(HEADER);
            multiplexed = first.length == HEADER && first[0] >= 0 && first[0] <= 2
                    && first[1] == 0 && first[2] == 0 && first[3] == 0;
            in.unread(first);
        }
        if (!multiplexed) {
            byte[] raw = new byte[8192];
            int n = in.read(raw);
            return n < 0 ? null : java.util.Arrays.copyOf(raw, n);
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
        return payload;
    }
}
