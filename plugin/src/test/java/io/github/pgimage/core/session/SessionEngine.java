package io.github.pgimage.core.session;

import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.ImageBuilder;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineLocator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engine this machine provides (EngineLocator, as the Mojos find it), builds linked to a
 * session through the plugin's own {@link ImageBuilder}, and the Docker CLI for what the tests
 * inspect independently of the plugin (save, history, registry login and push).
 */
final class SessionEngine implements AutoCloseable {
    final EngineEndpoint endpoint;
    final EngineGateway client;

    private SessionEngine(EngineEndpoint endpoint, EngineGateway client) {
        this.endpoint = endpoint;
        this.client = client;
    }

    /** Fails (never skips) when no engine answers. */
    static SessionEngine connect() throws EngineException {
        EngineEndpoint endpoint = EngineLocator.forThisProcess().locate(null);
        return new SessionEngine(endpoint, EngineGateway.connect(endpoint));
    }

    /** An uncompressed context tar with these files (path → text), executable when the name ends in .sh. */
    static byte[] context(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                entry.setMode(file.getKey().endsWith(".sh") ? 0755 : 0644);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Builds with noCache: BuildKit's cache keys ignore secret values, so a cached step would prove nothing. */
    BuildResult build(byte[] context, String tag, String sessionId, boolean pull, ProgressListener listener)
            throws EngineException {
        BuildRequest request = BuildRequest.builder(() -> new ByteArrayInputStream(context))
                .tag(tag)
                .sessionId(sessionId)
                .pull(pull)
                .noCache(true)
                .build();
        return new ImageBuilder(client, listener).build(request);
    }

    /** Runs the Docker CLI against the same engine; fails the test on a non-zero exit. */
    String docker(String... args) throws IOException, InterruptedException {
        return dockerWithInput(null, args);
    }

    String dockerWithInput(String stdin, String... args) throws IOException, InterruptedException {
        CliResult result = tryDocker(stdin, args);
        if (result.exit != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " exited " + result.exit + ":\n" + result.output);
        }
        return result.output;
    }

    record CliResult(int exit, String output) {
    }

    CliResult tryDocker(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        // Debian's 20.10 CLI when present (ENGINE.md); any docker on PATH otherwise.
        command.add(Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker");
        Collections.addAll(command, args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DOCKER_HOST", endpoint.host().toString());
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " did not finish");
        }
        return new CliResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Removes an image by reference, if present. */
    void removeImage(String reference) throws IOException, InterruptedException {
        tryDocker(null, "rmi", "-f", reference);
    }

    @Override
    public void close() {
        client.close();
    }
}
