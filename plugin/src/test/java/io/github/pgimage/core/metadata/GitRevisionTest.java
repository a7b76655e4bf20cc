package io.github.pgimage.core.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit a work tree has checked out, read from {@code .git} as Git writes it: real repositories made with the
 * {@code git} command (a branch's loose ref, refs packed by {@code git pack-refs}, a detached HEAD, a linked work tree),
 * each read by {@link GitRevision#fromFiles} alone (no {@code git} process to fall back on) and compared with what
 * {@code git rev-parse} says.
 */
class GitRevisionTest {

    @TempDir
    Path work;

    @Test
    void aBranchWithItsLooseRef() throws Exception {
        Path repo = repositoryWithTwoCommits();

        assertEquals(Optional.of(git(repo, "rev-parse", "HEAD")), GitRevision.fromFiles(repo.resolve(".git")));
        assertEquals(Optional.of(git(repo, "rev-parse", "HEAD")), GitRevision.of(repo.resolve("module/src")),
                "from a folder inside it");
    }

    @Test
    void aBranchWhoseRefIsPacked() throws Exception {
        Path repo = repositoryWithTwoCommits();
        git(repo, "pack-refs", "--all");

        assertEquals(List.of(), List.of(repo.resolve(".git/refs/heads").toFile().list()), "no loose ref is left");
        assertEquals(Optional.of(git(repo, "rev-parse", "HEAD")), GitRevision.fromFiles(repo.resolve(".git")));
    }

    @Test
    void aDetachedHead() throws Exception {
        Path repo = repositoryWithTwoCommits();
        String first = git(repo, "rev-parse", "HEAD~1");
        git(repo, "checkout", "-q", "--detach", first);

        assertEquals(Optional.of(first), GitRevision.fromFiles(repo.resolve(".git")));
    }

    @Test
    void aLinkedWorkTreeReadsItsOwnHeadAndTheSharedRefs() throws Exception {
        Path repo = repositoryWithTwoCommits();
        git(repo, "branch", "older", "HEAD~1");
        git(repo, "pack-refs", "--all");
        Path linked = work.resolve("linked");
        git(repo, "worktree", "add", "-q", linked.toString(), "older");

        assertEquals(Optional.of(git(repo, "rev-parse", "HEAD~1")), GitRevision.fromFiles(linked.resolve(".git")),
                "the linked work tree's .git is a file naming its folder in the main repository's");
        assertEquals(Optional.of(git(repo, "rev-parse", "HEAD")), GitRevision.fromFiles(repo.resolve(".git")));
        assertEquals(Optional.of(git(repo, "rev-parse", "HEAD~1")), GitRevision.of(linked.resolve("module")));
    }

    @Test
    void noCommitYetOrNoRepositoryIsNone() throws Exception {
        Path fresh = Files.createDirectories(work.resolve("fresh"));
        git(fresh, "init", "-q", "-b", "main");

        assertEquals(Optional.empty(), GitRevision.fromFiles(fresh.resolve(".git")));
        assertEquals(Optional.empty(), GitRevision.of(fresh), "git rev-parse finds none either");
        // /tmp's own folders are in no work tree on the machines that run this
        assertEquals(Optional.empty(), GitRevision.of(Files.createTempDirectory("pgimage-no-git")));
    }

    private Path repositoryWithTwoCommits() throws Exception {
        Path repo = Files.createDirectories(work.resolve("repo"));
        git(repo, "init", "-q", "-b", "main");
        Files.createDirectories(repo.resolve("module/src"));
        for (String text : List.of("one", "two")) {
            Files.writeString(repo.resolve("module/file.txt"), text);
            git(repo, "add", "-A");
            git(repo, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", text);
        }
        return repo;
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(command + ": " + out);
        }
        return out;
    }
}
