package io.github.pgimage.core.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.pgimage.core.files.IoReason;

/** The text of a script or helper file as the checks need it; binary files (a NUL byte) have no text. */
record ScriptText(String text, boolean binary) {

    /** Larger files are assets, not scripts: they are copied, not read for problems. */
    private static final long MAX_CHECKED_SIZE = 4L * 1024 * 1024;

    static ScriptText read(Path file) {
        try {
            if (Files.size(file) > MAX_CHECKED_SIZE) {
                return new ScriptText("", true);
            }
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b == 0) {
                    return new ScriptText("", true);
                }
            }
            return new ScriptText(new String(bytes, StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoReason.of(e), e);
        }
    }

    /** An interpreter line that names an interpreter: what the kernel, and the plugin, can run the file with. */
    boolean hasShebang() {
        return !binary && io.github.pgimage.core.plan.Shebang.of(text).isPresent();
    }

    /** A UTF-8 byte order mark, which editors on Windows add and which no shell or kernel skips. */
    boolean hasBom() {
        return text.startsWith("\uFEFF");
    }

    /** 1-based number of the first line ending in CR LF, or 0 when there is none. */
    int firstCrlfLine() {
        int index = text.indexOf("\r\n");
        return index < 0 ? 0 : lineOf(index);
    }

    /** 1-based number of the first line containing {@code needle}, or 0. */
    int firstLineContaining(String needle) {
        int index = text.indexOf(needle);
        return index < 0 ? 0 : lineOf(index);
    }

    private int lineOf(int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
