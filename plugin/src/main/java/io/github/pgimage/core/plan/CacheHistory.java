package io.github.pgimage.core.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import io.github.pgimage.core.files.IoReason;

/**
 * What decided the cache keys of one build, kept in its report so that the next build can say why a step reran.
 *
 * @param arguments script path → the state its cache argument carried ({@code P7D.2921+v.…})
 * @param files     project file → {@code sha256:…} of its content, for every file a step reads
 */
public record CacheHistory(Map<String, String> arguments, Map<String, String> files) {

    public CacheHistory {
        arguments = new TreeMap<>(arguments);
        files = new TreeMap<>(files);
    }

    /** The state of a plan: its cache arguments, and the digest of every file a step reads. */
    public static CacheHistory of(ImagePlan plan) {
        Map<String, String> arguments = new TreeMap<>();
        CacheBoundary boundary = plan.cacheBoundary();
        for (SetupScript script : boundary.scripts()) {
            CacheBoundary.argumentFor(script, boundary.invalidation())
                    .ifPresent(arg -> arguments.put(script.path(), arg.substring(arg.indexOf('=') + 1)));
        }
        Map<String, String> files = new TreeMap<>();
        for (PlannedStep step : plan.steps()) {
            for (String input : step.inputs()) {
                Path file = plan.contextFiles().get(input);
                if (file == null) {
                    file = plan.contextFiles().get(ProjectLayout.PRIVATE_FILES + "/" + input);
                }
                if (file != null && !files.containsKey(input)) {
                    files.put(input, sha256(file));
                }
            }
        }
        return new CacheHistory(arguments, files);
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            DigestInputStream digesting = (DigestInputStream) in;
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
            return "sha256:" + HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoReason.of(e), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
