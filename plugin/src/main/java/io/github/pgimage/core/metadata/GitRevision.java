package io.github.pgimage.core.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The commit a Git work tree has checked out, for the image's {@code revision} label. Read from the {@code .git} folder
 * itself (HEAD, the branch's loose ref, {@code packed-refs}; linked work trees and submodules, whose {@code .git} is a
 * file, too), so that a build spends no process on it; only a repository those files do not answer for (the reftable
 * format, which Git 2.45 brought) asks {@code git rev-parse HEAD}. No work tree, no commit yet, or no git: none.
 */
public final class GitRevision {
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final String REF = "ref: ";
    /** A symbolic ref pointing at another, and so on: Git itself gives up after 5. */
    private static final int MAX_SYMBOLIC_DEPTH = 5;

    private GitRevision() {
    }

    /** The commit checked out in the work tree {@code directory} belongs to (it may be any folder inside it). */
    public static Optional<String> of(Path directory) {
        Optional<Path> dotGit = findDotGit(directory.toAbsolutePath().normalize());
        if (dotGit.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> fromFiles = fromFiles(dotGit.get());
        return fromFiles.isPresent() ? fromFiles : askGit(dotGit.get().getParent());
    }

    /** What the files of {@code dotGit} (a work tree's {@code .git}, folder or file) say HEAD is. */
    static Optional<String> fromFiles(Path dotGit) {
        try {
            Path gitDir = gitDir(dotGit);
            return resolve(gitDir, commonDir(gitDir), "HEAD", 0);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> findDotGit(Path directory) {
        for (Path dir = directory; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".git");
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code .git} itself, or where its {@code gitdir:} line points (a linked work tree, a submodule). */
    private static Path gitDir(Path dotGit) throws IOException {
        if (Files.isDirectory(dotGit)) {
            return dotGit;
        }
        String text = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("gitdir:")) {
            throw new IOException(dotGit + " names no gitdir");
        }
        return dotGit.getParent().resolve(text.substring("gitdir:".length()).strip()).normalize();
    }

    /** Where a linked work tree's shared refs live: its {@code commondir} file names the main repository's folder. */
    private static Path commonDir(Path gitDir) throws IOException {
        Path file = gitDir.resolve("commondir");
        return Files.isRegularFile(file)
                ? gitDir.resolve(Files.readString(file, StandardCharsets.UTF_8).strip()).normalize() : gitDir;
    }

    private static Optional<String> resolve(Path gitDir, Path commonDir, String ref, int depth) throws IOException {
        if (depth > MAX_SYMBOLIC_DEPTH) {
            return Optional.empty();
        }
        // HEAD and per-work-tree refs live in the work tree's own folder; branches in the common one
        for (Path dir : List.of(gitDir, commonDir)) {
            Path file = dir.resolve(ref);
            if (Files.isRegularFile(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (OBJECT_ID.matcher(text).matches()) {
                    return Optional.of(text);
                }
                if (text.startsWith(REF)) {
                    return resolve(gitDir, commonDir, text.substring(REF.length()).strip(), depth + 1);
                }
                return Optional.empty();
            }
        }
        return packed(commonDir.resolve("packed-refs"), ref);
    }

    /** A ref {@code git pack-refs} moved into {@code packed-refs}: lines {@code <id> <ref>}; {@code ^} lines peel tags. */
    private static Optional<String> packed(Path packedRefs, String ref) throws IOException {
        if (!Files.isRegularFile(packedRefs)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(packedRefs, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            if (space > 0 && !line.startsWith("#") && !line.startsWith("^") && line.substring(space + 1).equals(ref)
                    && OBJECT_ID.matcher(line.substring(0, space)).matches()) {
                return Optional.of(line.substring(0, space));
            }
        }
        return Optional.empty();
    }

    /** {@code git rev-parse --verify -q HEAD} in the work tree, for a repository the files did not answer for. */
    private static Optional<String> askGit(Path workTree) {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--verify", "-q", "HEAD")
                    .directory(workTree.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            git.getOutputStream().close();
            // one line of output fits the pipe: waiting first bounds the time without a reader thread
            if (!git.waitFor(10, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return Optional.empty();
            }
            String out;
            try (InputStream stdout = git.getInputStream()) {
                out = new String(stdout.readNBytes(200), StandardCharsets.UTF_8).strip();
            }
            return git.exitValue() == 0 && OBJECT_ID.matcher(out).matches() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no git on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
