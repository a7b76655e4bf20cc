package io.github.pgimage.core.engine;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection to an {@code ssh://} engine: an ssh process running {@code docker system dial-stdio} on the remote
 * host ({@link SshClient#commandLine}), whose stdout is read and whose stdin is written as the connection's bytes.
 * When ssh or the remote command fails (no login, an unknown host key, no docker CLI there, a remote engine that does
 * not run) the stream ends early: the read or write that meets the end then fails with ssh's exit code and what it
 * printed on stderr, so that the error names the cause instead of "the engine closed the connection".
 */
final class SshTunnel {
    /** What is kept of ssh's stderr: its last lines say why it ended. */
    private static final int STDERR_KEPT = 4096;
    /** How long an ended stream waits for ssh's exit code: ssh exits right after closing its stdout. */
    private static final long EXIT_WAIT_MILLIS = 5_000;
    /** How long a closed connection's ssh has to end after SIGTERM before it is killed. */
    private static final long KILL_AFTER_SECONDS = 3;

    private final Process process;
    private final List<String> commandLine;
    private final URI address;
    private final StringBuilder stderr = new StringBuilder();
    private final Thread stderrReader;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SshTunnel(Process process, List<String> commandLine, URI address) {
        this.process = process;
        this.commandLine = commandLine;
        this.address = address;
        this.stderrReader = new Thread(this::keepStderr, "pgimage-ssh-stderr");
        stderrReader.setDaemon(true);
        stderrReader.start();
    }

    /** Starts ssh; the connection is there once ssh has logged in and the remote CLI has reached its engine. */
    static RawConnection open(EngineEndpoint endpoint) throws IOException {
        List<String> line = endpoint.ssh().commandLine(endpoint.host(), endpoint.patience().firstAnswer());
        Process process;
        try {
            process = new ProcessBuilder(line).start();
        } catch (IOException e) {
            // not the cause: messages name the deepest cause, which would drop the advice
            IOException failure = new IOException("cannot run the ssh client '" + line.get(0) + "' for "
                    + endpoint.host() + " (" + e.getMessage() + "): an ssh:// engine address needs OpenSSH's client on"
                    + " the PATH");
            failure.addSuppressed(e);
            throw failure;
        }
        SshTunnel tunnel = new SshTunnel(process, line, endpoint.host());
        return RawConnection.of("docker", tunnel.input(), tunnel.output(), tunnel::close);
    }

    private InputStream input() {
        return new FilterInputStream(process.getInputStream()) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n;
                try {
                    n = super.read(b, off, len);
                } catch (IOException e) {
                    throw failedOr(e);
                }
                if (n < 0) {
                    IOException failure = failedOr(null);
                    if (failure != null) {
                        throw failure;
                    }
                }
                return n;
            }
        };
    }

    private OutputStream output() {
        return new FilterOutputStream(process.getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw failedOr(e);
                }
            }

            @Override
            public void flush() throws IOException {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw failedOr(e);
                }
            }
        };
    }

    /**
     * Why the stream ended: ssh's failure when it exited with an error, else {@code ended} (null: a plain end). A
     * stream this side closed ends plainly.
     */
    private IOException failedOr(IOException ended) {
        if (closed.get()) {
            return ended;
        }
        try {
            boolean exited = process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            if (!exited || process.exitValue() == 0 || closed.get()) { // closed meanwhile: ended by this side
                return ended;
            }
            stderrReader.join(1_000); // its last words come with the exit
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ended;
        }
        int exit = process.exitValue();
        String said;
        synchronized (stderr) {
            said = stderr.toString().strip();
        }
        IOException failure = new IOException("ssh to " + address + " ended with exit code " + exit
                + (said.isEmpty() ? "" : ": " + said.replaceAll("\\s*\\R\\s*", " / ")) + " (" + advice(exit)
                + "; the command was: " + String.join(" ", commandLine) + ")");
        if (ended != null) {
            failure.addSuppressed(ended); // not the cause: messages name the deepest cause, which says less
        }
        return failure;
    }

    /** What the exit code says: ssh's own failures are 255, a shell that found no command 127, else the remote CLI's. */
    private static String advice(int exit) {
        return switch (exit) {
            case 255 -> "ssh could not connect or log in without asking: it runs in batch mode, so the key must be"
                    + " in ssh-agent or unencrypted, and the host in known_hosts: connect once by hand with ssh";
            case 127 -> "the remote host has no docker CLI on the PATH of a non-interactive ssh session; the plugin"
                    + " runs 'docker system dial-stdio' there (Docker 18.09 or newer)";
            default -> "the remote docker CLI could not reach its engine";
        };
    }

    private void keepStderr() {
        byte[] buffer = new byte[1024];
        try (InputStream err = process.getErrorStream()) {
            int n;
            while ((n = err.read(buffer)) >= 0) {
                synchronized (stderr) {
                    stderr.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (stderr.length() > STDERR_KEPT) {
                        stderr.delete(0, stderr.length() - STDERR_KEPT);
                    }
                }
            }
        } catch (IOException e) {
            // ssh ended; what it said so far is kept
        }
    }

    /** Ends ssh (and with it the remote command); a reader blocked on its stdout then sees the end. */
    private void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // ssh may be gone already
        }
        process.destroy();
        // an ssh that outlives SIGTERM would hold a reader of its stdout for good
        process.onExit().orTimeout(KILL_AFTER_SECONDS, TimeUnit.SECONDS).exceptionally(notYet -> {
            process.destroyForcibly();
            return process;
        });
    }
}
