package io.github.pgimage.core.session;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A registry on {@code 127.0.0.1:PORT} that requires basic auth (htpasswd), from Debian's
 * {@code docker-registry} package, which it installs when missing. Engines treat {@code localhost:PORT}
 * as insecure, so no TLS is needed.
 */
final class LocalRegistry implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private LocalRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static LocalRegistry start(Path dir, String user, String password) throws IOException, InterruptedException {
        installWhenMissing();
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, run(List.of("htpasswd", "-Bbn", user, password)));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                auth:
                  htpasswd:
                    realm: pgimage-it
                    path: %s
                """.formatted(dir.resolve("data"), port, htpasswd));
        Path log = dir.resolve("registry.log");
        Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalRegistry registry = new LocalRegistry(process, port, log);
        registry.awaitAnswer();
        return registry;
    }

    /** An unauthenticated GET /v2/ answers 401 once the registry listens. */
    private void awaitAnswer() throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
                http.setConnectTimeout(1000);
                int code = http.getResponseCode();
                http.disconnect();
                if (code == 401) {
                    return;
                }
                throw new AssertionError("the registry answered " + code + " without credentials; auth is not on");
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("docker-registry did not answer on port " + port + ":\n" + Files.readString(log));
    }

    private static void installWhenMissing() throws IOException, InterruptedException {
        if (onPath("docker-registry") && onPath("htpasswd")) {
            return;
        }
        // Loud, not a skip: the registry part of the issue cannot be verified without it.
        String install = "apt-get install -y -q docker-registry apache2-utils";
        ProcessResult first = exec(List.of("sh", "-c", "DEBIAN_FRONTEND=noninteractive " + install));
        if (first.exit != 0) {
            ProcessResult second = exec(List.of("sh", "-c", "apt-get update -q && DEBIAN_FRONTEND=noninteractive " + install));
            if (second.exit != 0) {
                throw new AssertionError("Cannot install Debian's docker-registry and apache2-utils (needed for the"
                        + " registry-auth test; run as root with apt available):\n" + first.output + second.output);
            }
        }
        // The package starts a system registry on :5000 that the test does not need.
        exec(List.of("sh", "-c", "systemctl stop docker-registry 2>/dev/null || service docker-registry stop 2>/dev/null || true"));
    }

    private static boolean onPath(String command) throws IOException, InterruptedException {
        return exec(List.of("sh", "-c", "command -v " + command)).exit == 0;
    }

    private record ProcessResult(int exit, String output) {
    }

    private static ProcessResult exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new ProcessResult(process.exitValue(), output);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        ProcessResult result = exec(command);
        if (result.exit != 0) {
            throw new AssertionError(command + " exited " + result.exit + ":\n" + result.output);
        }
        return result.output;
    }

    /** {@code localhost:PORT}, as image references and the engine's credential requests name it. */
    String host() {
        return "localhost:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
