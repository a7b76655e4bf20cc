package io.github.pgimage.core.registry;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.pgimage.core.json.JsonTree;

import io.github.pgimage.core.session.RegistryCredential;

/**
 * One Docker credential helper program, {@code docker-credential-<name>}, spoken to with the
 * docker-credential-helpers protocol: {@code get} with the server URL on stdin answers
 * {@code {"ServerURL","Username","Secret"}} on stdout, or exits non-zero with "credentials not found" when it has
 * no login for that server.
 */
public final class CredentialHelper {
    /** Helpers may unlock a keyring (gpg-agent, secret service); a hung one must not hang the build. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** What docker-credential-helpers' helpers print when they have no login; the CLI treats it as "none". */
    private static final String NOT_FOUND = "credentials not found";
    /** The user name a helper returns for an identity token instead of a password. */
    private static final String TOKEN_USER = "<token>";

    private final String name;
    private final Map<String, String> env;

    /**
     * @param name the helper's name as config.json writes it ({@code pass} for {@code docker-credential-pass})
     * @param env  the environment the helper runs with; its {@code PATH} is where the program is looked for
     */
    public CredentialHelper(String name, Map<String, String> env) {
        this.name = name;
        this.env = Map.copyOf(env);
    }

    /** {@code docker-credential-<name>}, how messages name the helper. */
    public String program() {
        return "docker-credential-" + name;
    }

    /**
     * @param serverAddress what the helper stores the login under ({@link RegistryHost#serverAddress})
     * @return the login, or empty when the helper has none for this server
     * @throws CredentialLookupException when the program is not on PATH, fails, hangs, or answers garbage
     */
    public Optional<RegistryCredential> get(String serverAddress) {
        Path executable = locate().orElseThrow(() -> new CredentialLookupException("The credential helper "
                + program() + " configured in the Docker CLI configuration is not an executable on PATH ("
                + env.getOrDefault("PATH", "") + ")"));
        ProcessBuilder builder = new ProcessBuilder(List.of(executable.toString(), "get"));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CredentialLookupException("Cannot run " + executable + ": " + e.getMessage(), e);
        }
        try {
            // Both streams are drained while the helper runs, so a chatty helper cannot block on a full pipe.
            CompletableFuture<byte[]> stdout = drain(process.getInputStream());
            CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(serverAddress.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a helper may exit without reading stdin; its exit status tells what happened
            }
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new CredentialLookupException(program() + " get did not answer within " + TIMEOUT.toSeconds()
                        + " s for " + serverAddress);
            }
            String out = new String(stdout.get(), StandardCharsets.UTF_8).strip();
            String err = new String(stderr.get(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                if (out.toLowerCase(Locale.ROOT).contains(NOT_FOUND) || err.toLowerCase(Locale.ROOT).contains(NOT_FOUND)) {
                    return Optional.empty();
                }
                throw new CredentialLookupException(program() + " get failed for " + serverAddress + " (exit "
                        + process.exitValue() + "): " + firstNonEmpty(out, err));
            }
            return Optional.of(parse(out, serverAddress));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialLookupException(program() + " get was interrupted", e);
        } catch (ExecutionException e) {
            throw new CredentialLookupException("Cannot read the answer of " + program() + ": " + e.getCause(), e);
        } finally {
            process.destroyForcibly();
        }
    }

    /** The helper's answer; its text is never put into a message, since it holds the secret. */
    private RegistryCredential parse(String out, String serverAddress) {
        Map<String, Object> answer;
        try {
            answer = JsonTree.object(JsonTree.parse(out));
        } catch (IOException e) {
            throw new CredentialLookupException(program() + " get answered for " + serverAddress
                    + " with something that is not JSON");
        }
        if (!(answer.get("Secret") instanceof String secret)) {
            throw new CredentialLookupException(program() + " get answered for " + serverAddress
                    + " without a \"Secret\"");
        }
        String username = answer.get("Username") instanceof String name ? name : "";
        return new RegistryCredential(TOKEN_USER.equals(username) ? "" : username, secret);
    }

    /** Looks the program up on the helper's PATH, as the Docker CLI does with exec.LookPath. */
    Optional<Path> locate() {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(program());
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? (b.isEmpty() ? "no output" : b) : a;
    }
}
