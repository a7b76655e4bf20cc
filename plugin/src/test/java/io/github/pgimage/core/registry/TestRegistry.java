package io.github.pgimage.core.registry;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.github.pgimage.core.session.RegistryCredential;
import io.github.pgimage.core.session.RegistryCredentials;

/**
 * A real registry (Debian's {@code docker-registry}, distribution 2.8) on {@code 127.0.0.1:PORT}, open or with
 * htpasswd basic auth, storing under a directory of the test's own. Installs the package when missing. Used by
 * {@link ImagePusherIT} and by the {@code src/it/push-*} invoker hooks (through the test class path), which start it
 * in prebuild.groovy and stop it in verify.groovy by the pid it records.
 */
public final class TestRegistry implements AutoCloseable {
    public static final String PID_FILE = "registry.pid";

    private final Path dir;
    private final int port;
    private final long pid;

    private TestRegistry(Path dir, int port, long pid) {
        this.dir = dir;
        this.port = port;
        this.pid = pid;
    }

    /** An open registry. */
    public static TestRegistry start(Path dir) throws IOException, InterruptedException {
        return start(dir, null, null);
    }

    /** A registry that wants {@code user}/{@code password} for every request; both null for an open one. */
    public static TestRegistry start(Path dir, String user, String password) throws IOException, InterruptedException {
        return start(dir, freePort(), user, password);
    }

    /** As {@link #start(Path, String, String)}, on a port chosen by the caller (to start a registry late). */
    public static TestRegistry start(Path dir, int port, String user, String password)
            throws IOException, InterruptedException {
        installWhenMissing();
        Files.createDirectories(dir);
        String auth = "";
        if (user != null) {
            Path htpasswd = dir.resolve("htpasswd");
            Files.writeString(htpasswd, run(List.of("htpasswd", "-Bbn", user, password)));
            auth = "auth:\n  htpasswd:\n    realm: pgimage-it\n    path: " + htpasswd + "\n";
        }
        Path config = Files.writeString(dir.resolve("registry.yml"), """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("data"), port) + auth);
        Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        TestRegistry registry = new TestRegistry(dir, port, process.pid());
        Files.writeString(dir.resolve(PID_FILE), Long.toString(process.pid()));
        registry.awaitAnswer(process, user != null);
        return registry;
    }

    /** Stops the registry whose pid {@link #start} recorded in {@code dir}; does nothing when it is gone. */
    public static void stop(Path dir) throws IOException, InterruptedException {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
        Files.delete(pidFile);
    }

    public void stop() throws IOException, InterruptedException {
        stop(dir);
    }

    /** Stops the registry (try-with-resources in JUnit tests; invoker hooks call {@link #stop(Path)}). */
    @Override
    public void close() throws IOException, InterruptedException {
        stop(dir);
    }

    /**
     * For invoker hooks: stops the registry started in {@code dir}, then removes the engine's tags that name it
     * ({@code host/*}): the port is gone, and runs must not pile up images in the engine.
     */
    public static void stopAndRemoveTags(Path dir, String host) throws IOException, InterruptedException {
        stop(dir);
        if (host == null || host.isBlank()) {
            return;
        }
        List<String> refs = new java.util.ArrayList<>();
        for (String filter : List.of("reference=" + host.strip() + "/*", "reference=" + host.strip() + "/*/*")) {
            run(List.of("docker", "image", "ls", "--format", "{{.Repository}}:{{.Tag}}", "--filter", filter))
                    .lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(refs::add);
        }
        if (!refs.isEmpty()) {
            List<String> command = new java.util.ArrayList<>(List.of("docker", "image", "rm"));
            command.addAll(refs);
            exec(command);
        }
    }

    /** {@code localhost:PORT}: engines treat localhost registries as insecure, so plain HTTP works. */

    public String host() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** The login a build gives for this registry, and none for any other host. */
    public RegistryCredentials logins(String user, String password) {
        return host -> host.equals(host())
                ? Optional.of(new RegistryCredential(user, password)) : Optional.empty();
    }

    public long pid() {
        return pid;
    }

    /**
     * The digest the registry serves for a tag: {@code Docker-Content-Digest} of
     * {@code GET /v2/<name>/manifests/<tag>} with the Docker v2 manifest media type.
     */
    public String manifestDigest(String repository, String tag, String user, String password) throws IOException {
        return manifestDigest(host(), repository, tag, user, password);
    }

    /** As {@link #manifestDigest(String, String, String, String)}, for a registry known by its {@code localhost:PORT}. */
    public static String manifestDigest(String host, String repository, String tag, String user, String password)
            throws IOException {
        // the registry listens on 127.0.0.1 only, and "localhost" may resolve to ::1 first
        HttpURLConnection http = (HttpURLConnection) URI.create("http://" + host.replaceFirst("^localhost:", "127.0.0.1:") + "/v2/" + repository
                + "/manifests/" + tag).toURL().openConnection();
        http.setRequestProperty("Accept", "application/vnd.docker.distribution.manifest.v2+json");
        if (user != null) {
            http.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            int code = http.getResponseCode();
            if (code != 200) {
                throw new AssertionError("GET manifest " + repository + ":" + tag + " from " + host + " answered " + code);
            }
            http.getInputStream().readAllBytes();
            return http.getHeaderField("Docker-Content-Digest");
        } finally {
            http.disconnect();
        }
    }

    /** A manifest or index as the registry serves it: its digest, media type and JSON. */
    public record Manifest(String digest, String mediaType, String json) {
    }

    /**
     * {@code GET /v2/<name>/manifests/<reference>} accepting every manifest and index type (Docker's and OCI's), as
     * a client that handles several platforms asks: an index comes back as the index.
     */
    public Manifest manifest(String repository, String reference, String user, String password) throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/" + repository
                + "/manifests/" + reference).toURL().openConnection();
        http.setRequestProperty("Accept", String.join(", ", "application/vnd.oci.image.index.v1+json",
                "application/vnd.docker.distribution.manifest.list.v2+json",
                "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"));
        if (user != null) {
            http.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            int code = http.getResponseCode();
            if (code != 200) {
                throw new AssertionError("GET manifest " + repository + ":" + reference + " from " + host() + " answered " + code);
            }
            String json = new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Manifest(http.getHeaderField("Docker-Content-Digest"), http.getContentType(), json);
        } finally {
            http.disconnect();
        }
    }

    /** {@code GET /v2/<name>/blobs/<digest>} as text: an image config, an in-toto statement. */
    public String blob(String repository, String digest, String user, String password) throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/" + repository
                + "/blobs/" + digest).toURL().openConnection();
        if (user != null) {
            http.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            int code = http.getResponseCode();
            if (code != 200) {
                throw new AssertionError("GET blob " + repository + "@" + digest + " from " + host() + " answered " + code);
            }
            return new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            http.disconnect();
        }
    }

    /** GET /v2/ answers once the registry listens: 200 when open, 401 when it wants a login. */
    private void awaitAnswer(Process process, boolean withAuth) throws IOException, InterruptedException {
        Path log = dir.resolve("registry.log");
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL()
                        .openConnection();
                http.setConnectTimeout(1000);
                int code = http.getResponseCode();
                http.disconnect();
                if (code == (withAuth ? 401 : 200)) {
                    return;
                }
                throw new AssertionError("the registry answered " + code + " to GET /v2/ (auth " + withAuth + ")");
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroy();
        throw new AssertionError("docker-registry did not answer on port " + port + ":\n" + Files.readString(log));
    }

    /** A port nothing listens on now; the registry binds it a moment later. */
    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static void installWhenMissing() throws IOException, InterruptedException {
        if (onPath("docker-registry") && onPath("htpasswd")) {
            return;
        }
        // Loud, not a skip: pushing cannot be verified without a registry.
        String install = "DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-registry apache2-utils";
        if (exec(List.of("sh", "-c", install)).exit() != 0) {
            run(List.of("sh", "-c", "apt-get update -q && " + install));
        }
        // The package starts a system registry on :5000 that the tests do not use.
        exec(List.of("sh", "-c", "systemctl stop docker-registry 2>/dev/null || service docker-registry stop 2>/dev/null || true"));
    }

    private static boolean onPath(String command) throws IOException, InterruptedException {
        return exec(List.of("sh", "-c", "command -v " + command)).exit() == 0;
    }

    private record Result(int exit, String output) {
    }

    private static Result exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Result result = exec(command);
        if (result.exit() != 0) {
            throw new AssertionError(command + " exited " + result.exit() + ":\n" + result.output());
        }
        return result.output();
    }
}
