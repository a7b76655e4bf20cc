package io.github.pgimage.maven;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Maven run of an invoker project's own, started from its verify.groovy as a developer would start one in a
 * terminal: {@code watch} to edit against, two builds of one module at once, a build to {@code kill -9}. It resolves
 * the plugin as the invoker's runs do (the invoker's local repository, the build's behind it) and keeps its output,
 * in memory for {@link #await} and in a log file beside the project.
 *
 * <pre>{@code
 * def child = ChildMaven.start(basedir, localRepositoryPath, new File(basedir, 'watch.log'), 'postgres-image:watch')
 * def first = child.await(/PostgreSQL answers at (\S+)/, 0, 600)
 * }</pre>
 */
public final class ChildMaven implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private ChildMaven(Process process, Path log) {
        this.process = process;
        this.reader = new Thread(() -> copy(log), "child-maven-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param basedir         the project (the invoker's copy of it)
     * @param localRepository the invoker's local repository ({@code localRepositoryPath} in a hook script)
     * @param log             where the child's output is written as it comes
     */
    public static ChildMaven start(File basedir, String localRepository, File log, String... arguments)
            throws IOException {
        return start(basedir, localRepository, log, Map.of(), arguments);
    }

    /**
     * As {@link #start(File, String, File, String...)}, with environment variables set (or, with a null value,
     * removed) for the child: {@code BUILDKIT_HOST}, a {@code PATH} with another {@code ssh} first.
     */
    public static ChildMaven start(File basedir, String localRepository, File log, Map<String, String> environment,
                                   String... arguments) throws IOException {
        String buildRepository = System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository");
        Path settings = basedir.toPath().resolve("child-settings.xml");
        // the ITs' own settings.xml, filtered as the invoker filters it for its runs
        Path template = basedir.toPath().resolve("../../../../src/it/settings.xml").normalize();
        Files.writeString(settings, Files.readString(template).replace("@localRepositoryUrl@",
                new File(buildRepository).toURI().toString()));
        List<String> command = new ArrayList<>(List.of(
                // Ctrl-C as in a terminal: a shell that started these tests in the background (nohup, `cmd &` in a
                // script) left SIGINT ignored, every child inherits that, and a JVM that starts with SIGINT ignored
                // installs no handler for it: interrupt() would reach nothing. Perl (essential on Debian) puts
                // SIGINT and SIGQUIT back to their defaults and execs Maven, which execs the JVM: one pid throughout.
                "perl", "-e", "$SIG{INT} = $SIG{QUIT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\"",
                new File(System.getProperty("maven.home"), "bin/mvn").getPath(), "-B", "-s", settings.toString(),
                // not offline: Maven's offline mode refuses even the file: repository behind the invoker's own
                "-Dmaven.repo.local=" + localRepository));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(basedir).redirectErrorStream(true);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        return new ChildMaven(process, log.toPath());
    }

    /** The JVM's pid: perl and Maven's launcher each {@code exec} the next, so it is the process started. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything printed so far. */
    public String output() {
        return output.toString();
    }

    /**
     * Waits until the child printed a match of {@code regex} at or after {@code from}; fails naming what it printed
     * when it ends or the time runs out first.
     */
    public Match await(String regex, int from, int seconds) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String text = output.toString();
            Matcher m = pattern.matcher(text);
            if (m.find(Math.min(from, text.length()))) {
                List<String> groups = new ArrayList<>();
                for (int i = 0; i <= m.groupCount(); i++) {
                    groups.add(m.group(i));
                }
                return new Match(m.group(), m.end(), groups);
            }
            if (!process.isAlive()) {
                reader.join(5_000);
                if (!pattern.matcher(output.toString()).find(Math.min(from, output.length()))) {
                    throw new AssertionError("Maven ended (exit " + process.exitValue() + ") before printing /"
                            + regex + "/:\n" + output);
                }
                continue;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no /" + regex + "/ within " + seconds + " s:\n" + output.substring(Math.min(from,
                output.length())));
    }

    /** Waits for the end of the run and of its output; the exit code. */
    public int waitFor(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("Maven did not end within " + seconds + " s:\n" + output);
        }
        reader.join(10_000);
        return process.exitValue();
    }

    /** {@code kill -9}: no shutdown hook, no finally block runs in the child. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    public void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private void copy(Path log) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); Writer file = Files.newBufferedWriter(log)) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                file.write(line);
                file.write('\n');
                file.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param end    where the match ends in the output, for the next {@link #await}'s {@code from}
     * @param groups the whole match, then each group
     */
    public record Match(String text, int end, List<String> groups) {
    }
}
