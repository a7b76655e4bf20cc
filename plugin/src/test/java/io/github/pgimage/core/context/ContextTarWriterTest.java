package io.github.pgimage.core.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextTarWriterTest {

    private static final Instant MTIME = ContextTarWriter.DEFAULT_MTIME;
    private static final String LONG_PATH = "config/" + "very-long-directory-name/".repeat(5)
            + "a-file-whose-path-is-well-over-the-hundred-bytes-of-a-ustar-name-field.conf";

    /** Relative path and content of the project files used by most tests. */
    private static final List<String[]> FILES = List.of(
            new String[] {"setup/scripts/10-packages.sh", "#!/bin/sh\napt-get install -y postgresql\n"},
            new String[] {"setup/scripts/20-extensions.sh", "#!/bin/sh\necho extensions\n"},
            new String[] {"setup/lib/common.sh", "log() { echo \"$@\"; }\n"},
            new String[] {"config/postgresql.conf", "shared_buffers = 128MB\n"},
            new String[] {"config/données.conf", "# non-ASCII name\n"},
            new String[] {LONG_PATH, "max_connections = 100\n"},
            new String[] {"entrypoint.d/scripts/10-init.sh", "#!/bin/sh\ninitdb\n"},
            new String[] {"entrypoint.sh", "#!/bin/sh\nexec \"$@\"\n"});

    @TempDir
    Path tmp;

    @Test
    void sameEntriesGiveTheSameBytesWhateverMtimesPermissionsAndOrder() throws Exception {
        Path first = tmp.resolve("checkout-1");
        Path second = tmp.resolve("checkout-2");
        List<String[]> reversed = new ArrayList<>(FILES);
        Collections.reverse(reversed);
        checkout(first, FILES, FileTime.from(Instant.parse("2020-01-01T10:00:00Z")), "rw-r--r--");
        checkout(second, reversed, FileTime.from(Instant.parse("2024-06-30T23:59:59.123Z")), "rwxrwx---");

        List<ContextEntry> firstEntries = entries(first);
        List<ContextEntry> secondEntries = entries(second);
        Collections.shuffle(firstEntries, new Random(1));
        Collections.shuffle(secondEntries, new Random(2));
        assertNotEquals(paths(firstEntries), paths(secondEntries), "the test should feed different orders");

        ByteArrayOutputStream firstTar = new ByteArrayOutputStream();
        ByteArrayOutputStream secondTar = new ByteArrayOutputStream();
        String firstDigest = new ContextTarWriter(MTIME).write(firstEntries, firstTar);
        String secondDigest = new ContextTarWriter(MTIME).write(secondEntries, secondTar);

        assertArrayEquals(firstTar.toByteArray(), secondTar.toByteArray());
        assertEquals(firstDigest, secondDigest);
        assertEquals(sha256(firstTar.toByteArray()), firstDigest);
    }

    @Test
    void entriesAreSortedWithEachDirectoryBeforeItsContent() throws Exception {
        checkout(tmp, FILES, FileTime.from(Instant.now()), "rw-r--r--");
        List<ContextEntry> entries = entries(tmp);
        entries.add(ContextEntry.generated("Dockerfile", "FROM debian:bookworm-slim\n".getBytes(StandardCharsets.UTF_8),
                false));

        TarReadBack tar = TarReadBack.of(write(entries, MTIME));

        // Plain string order: "config/données.conf" < "config/postgresql.conf" < "config/very-long-…"
        List<String> expected = new ArrayList<>(List.of("Dockerfile", "config/", "config/données.conf",
                "config/postgresql.conf"));
        for (int depth = 1; depth <= 5; depth++) {
            expected.add("config/" + "very-long-directory-name/".repeat(depth));
        }
        expected.add(LONG_PATH);
        expected.addAll(List.of("entrypoint.d/", "entrypoint.d/scripts/", "entrypoint.d/scripts/10-init.sh",
                "entrypoint.sh", "setup/", "setup/lib/", "setup/lib/common.sh",
                "setup/scripts/", "setup/scripts/10-packages.sh", "setup/scripts/20-extensions.sh"));
        assertEquals(expected, tar.names());
        assertArrayEquals("FROM debian:bookworm-slim\n".getBytes(StandardCharsets.UTF_8),
                tar.get("Dockerfile").content());
        assertArrayEquals("# non-ASCII name\n".getBytes(StandardCharsets.UTF_8),
                tar.get("config/données.conf").content());
    }

    /** As docker build sends a link: a symlink entry with its target, mode 0777, no content. */
    @Test
    void aLinkIsWrittenAsALink() throws Exception {
        TarReadBack tar = TarReadBack.of(write(List.of(
                ContextEntry.link("config/ssl/ca.crt", "/etc/ssl/certs/ca-certificates.crt")), MTIME));

        assertEquals(List.of("config/", "config/ssl/", "config/ssl/ca.crt"), tar.names());
        // Go's tar reader (the engine's) takes a '0' entry named "config/" for a file: the flag must say directory
        assertEquals(TarConstants.LF_DIR, tar.get("config/").header().getLinkFlag());
        assertEquals(TarConstants.LF_DIR, tar.get("config/ssl/").header().getLinkFlag());
        TarArchiveEntry link = tar.get("config/ssl/ca.crt").header();
        assertTrue(link.isSymbolicLink());
        assertEquals("/etc/ssl/certs/ca-certificates.crt", link.getLinkName());
        assertEquals(0777, link.getMode());
        assertEquals(0, link.getSize());
        assertEquals(MTIME, link.getLastModifiedTime().toInstant());
    }

    @Test
    void headersCarryNoOwnerNoCheckoutModeAndTheFixedMtime() throws Exception {
        Path plain = Files.writeString(tmp.resolve("plain.conf"), "x = 1\n");
        Path script = Files.writeString(tmp.resolve("run.sh"), "#!/bin/sh\n");
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"));
        // Opposite of what the tar must say: a world-writable config file and an unreadable script
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-------"));

        TarReadBack tar = TarReadBack.of(write(List.of(
                ContextEntry.file("conf/plain.conf", plain, false),
                ContextEntry.file("bin/run.sh", script, true)), MTIME));

        assertEquals(List.of("bin/", "bin/run.sh", "conf/", "conf/plain.conf"), tar.names());
        assertEquals(0755, tar.get("bin/").header().getMode());
        assertEquals(0755, tar.get("bin/run.sh").header().getMode());
        assertEquals(0755, tar.get("conf/").header().getMode());
        assertEquals(0644, tar.get("conf/plain.conf").header().getMode());
        for (TarReadBack.Item item : tar.items()) {
            TarArchiveEntry header = item.header();
            assertEquals(0, header.getLongUserId(), item.name());
            assertEquals(0, header.getLongGroupId(), item.name());
            assertEquals("", header.getUserName(), item.name());
            assertEquals("", header.getGroupName(), item.name());
            assertEquals(MTIME, header.getLastModifiedTime().toInstant(), item.name());
        }
    }

    @Test
    void aPathOverAHundredBytesRoundTrips() throws Exception {
        String longest = "a/" + "b".repeat(150) + "/" + "c".repeat(200) + ".txt";
        assertTrue(longest.length() > 255);

        TarReadBack tar = TarReadBack.of(write(List.of(
                ContextEntry.generated(longest, "content".getBytes(StandardCharsets.UTF_8), false)), MTIME));

        assertEquals(List.of("a/", "a/" + "b".repeat(150) + "/", longest), tar.names());
        assertArrayEquals("content".getBytes(StandardCharsets.UTF_8), tar.get(longest).content());
    }

    @Test
    void sourceDateEpochBecomesEveryEntrysMtime() throws Exception {
        Instant sourceDateEpoch = Instant.ofEpochSecond(1_700_000_000L);
        List<ContextEntry> entries = List.of(ContextEntry.generated("dir/file", new byte[] {1}, false));

        byte[] tar = write(entries, sourceDateEpoch);

        for (TarReadBack.Item item : TarReadBack.of(tar).items()) {
            assertEquals(sourceDateEpoch, item.header().getLastModifiedTime().toInstant(), item.name());
        }
        assertFalse(java.util.Arrays.equals(tar, write(entries, MTIME)), "the mtime must reach the bytes");
        // Sub-second parts would add PAX records and make the tar depend on them
        assertArrayEquals(tar, write(entries, sourceDateEpoch.plusMillis(999)));
    }

    @Test
    void theCallersStreamIsFlushedButNotClosed() throws Exception {
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        new ContextTarWriter(MTIME).write(List.of(ContextEntry.generated("f", new byte[0], false)), bytes);

        assertFalse(closed[0]);
        assertEquals(0, bytes.size() % 512, "whole tar records");
        assertTrue(bytes.size() >= 3 * 512, "header plus two end-of-archive records");
    }

    @Test
    void aVanishedSourceFileIsNamed() {
        Path gone = tmp.resolve("setup/scripts/10-gone.sh");

        ContextException e = assertThrows(ContextException.class, () -> write(List.of(
                ContextEntry.file("setup/scripts/10-gone.sh", gone, true)), MTIME));

        assertEquals(gone, e.file().orElseThrow());
        assertTrue(e.getMessage().contains(gone + " vanished"), e.getMessage());
    }

    @Test
    void aDirectoryIsNotAFileEntry() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("config"));

        ContextException e = assertThrows(ContextException.class, () -> write(List.of(
                ContextEntry.file("config", dir, false)), MTIME));

        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void aFileThatGrowsWhileItIsCopiedFailsTheWrite() throws Exception {
        Path file = bigFile("growing.bin");
        OutputStream sink = new Saboteur(1 << 20, () -> Files.write(file, new byte[1], StandardOpenOption.APPEND));

        ContextException e = assertThrows(ContextException.class, () -> new ContextTarWriter(MTIME).write(
                List.of(ContextEntry.file("growing.bin", file, false)), sink));

        assertEquals(file, e.file().orElseThrow());
        assertTrue(e.getMessage().contains("grew"), e.getMessage());
    }

    @Test
    void aFileThatShrinksWhileItIsCopiedFailsTheWrite() throws Exception {
        Path file = bigFile("shrinking.bin");
        OutputStream sink = new Saboteur(1 << 20, () -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(100_000);
            }
        });

        ContextException e = assertThrows(ContextException.class, () -> new ContextTarWriter(MTIME).write(
                List.of(ContextEntry.file("shrinking.bin", file, false)), sink));

        assertEquals(file, e.file().orElseThrow());
        assertTrue(e.getMessage().contains("shrank"), e.getMessage());
    }

    @Test
    void twoEntriesForOnePathAreRefused() {
        ContextException e = assertThrows(ContextException.class, () -> write(List.of(
                ContextEntry.generated("Dockerfile", new byte[] {1}, false),
                ContextEntry.generated("Dockerfile", new byte[] {2}, false)), MTIME));

        assertTrue(e.getMessage().contains("two context entries have the path Dockerfile"), e.getMessage());
    }

    @Test
    void aPathCannotBeBothFileAndDirectory() {
        ContextException e = assertThrows(ContextException.class, () -> write(List.of(
                ContextEntry.generated("config", new byte[] {1}, false),
                ContextEntry.generated("config/postgresql.conf", new byte[] {2}, false)), MTIME));

        assertTrue(e.getMessage().contains("config is a file and also the directory"), e.getMessage());
    }

    private static byte[] write(List<ContextEntry> entries, Instant mtime) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ContextTarWriter(mtime).write(entries, out);
        return out.toByteArray();
    }

    /** Writes the files in the given order, each with the given mtime and permissions. */
    private static void checkout(Path root, List<String[]> files, FileTime mtime, String permissions)
            throws IOException {
        for (String[] file : files) {
            Path path = root.resolve(file[0]);
            Files.createDirectories(path.getParent());
            Files.writeString(path, file[1], StandardCharsets.UTF_8);
            Files.setLastModifiedTime(path, mtime);
            if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
            }
        }
    }

    private static List<ContextEntry> entries(Path root) {
        List<ContextEntry> entries = new ArrayList<>();
        for (String[] file : FILES) {
            entries.add(ContextEntry.file(file[0], root.resolve(file[0]), file[0].endsWith(".sh")));
        }
        return entries;
    }

    private static List<String> paths(List<ContextEntry> entries) {
        return entries.stream().map(ContextEntry::path).toList();
    }

    private Path bigFile(String name) throws IOException {
        byte[] content = new byte[4 << 20];
        new Random(7).nextBytes(content);
        return Files.write(tmp.resolve(name), content);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A sink that changes a source file once the tar has reached a given size: mid-copy, deterministically. */
    private static final class Saboteur extends OutputStream {

        interface Action {
            void run() throws IOException;
        }

        private final long after;
        private final Action action;
        private long written;
        private boolean done;

        Saboteur(long after, Action action) {
            this.after = after;
            this.action = action;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (!done && written > after) {
                done = true;
                action.run();
            }
        }
    }
}
