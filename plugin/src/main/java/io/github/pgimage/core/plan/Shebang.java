package io.github.pgimage.core.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A script's interpreter line ({@code #!/usr/bin/env bash}), read as the Linux kernel reads it: the interpreter is the
 * first word after {@code #!}, and the rest of the line, trimmed, is one optional argument. The plugin runs the
 * scripts it must run itself (setup and builder steps) as {@code interpreter [argument] script}, exactly what the
 * kernel would do, so a checkout without executable bits builds all the same.
 *
 * @param interpreter the interpreter's path, e.g. {@code /bin/sh} or {@code /usr/bin/env}
 * @param argument    the optional argument ({@code bash} for {@code env}), or empty
 */
public record Shebang(String interpreter, String argument) {

    /** Longer interpreter lines are cut by the kernel (BINPRM_BUF_SIZE); nobody writes them. */
    private static final int MAX_LINE = 256;
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=+,@%-]+");

    public Shebang {
        if (interpreter.isEmpty()) {
            throw new IllegalArgumentException("a shebang names an interpreter");
        }
    }

    /** The interpreter line of a script's text, if its first line is one that names an interpreter. */
    public static Optional<Shebang> of(String text) {
        if (!text.startsWith("#!")) {
            return Optional.empty();
        }
        int end = text.indexOf('\n');
        String line = (end < 0 ? text : text.substring(0, end)).substring(2).replace("\r", "").strip();
        if (line.isEmpty()) {
            return Optional.empty();
        }
        int blank = firstBlank(line);
        String interpreter = blank < 0 ? line : line.substring(0, blank);
        String argument = blank < 0 ? "" : line.substring(blank).strip();
        return Optional.of(new Shebang(interpreter, argument));
    }

    /** The interpreter line of a file, read from its first bytes only. */
    public static Optional<Shebang> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return of(new String(in.readNBytes(MAX_LINE), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Whether the script runs under bash: {@code /bin/bash}, {@code /usr/bin/bash}, {@code /usr/bin/env bash}. */
    public boolean isBash() {
        String name = interpreter.substring(interpreter.lastIndexOf('/') + 1);
        if (name.equals("env")) {
            List<String> words = List.of(argument.split("\\s+"));
            return words.stream().filter(w -> !w.startsWith("-")).findFirst().map("bash"::equals).orElse(false);
        }
        return name.equals("bash");
    }

    /** {@code interpreter [argument] script} as one shell command line, each word quoted when it needs to be. */
    public String commandFor(String script) {
        List<String> words = new ArrayList<>();
        words.add(interpreter);
        if (!argument.isEmpty()) {
            words.add(argument); // one word, as the kernel passes it: "-S bash -e" stays one argument
        }
        words.add(script);
        return String.join(" ", words.stream().map(Shebang::quote).toList());
    }

    @Override
    public String toString() {
        return "#!" + interpreter + (argument.isEmpty() ? "" : " " + argument);
    }

    private static String quote(String word) {
        return PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static int firstBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ' ' || line.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }
}
