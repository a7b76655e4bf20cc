package io.github.pgimage.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two builds of one module at once, as two processes and as two threads: the second waits, saying who holds the
 * output directory, or fails after its timeout; a holder killed with {@code kill -9} lets go with its process, and the
 * temporary file it was writing is removed by the next holder.
 */
class OutputLockTest {

    @Test
    void aSecondProcessWaitsSayingWhoHoldsItAndGetsItWhenTheHolderIsKilled(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("target/postgres-image");
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OutputLockHolder.class.getName(), output.toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String held = lines.readLine();
            assertTrue(held != null && held.startsWith("HELD .context.tar."), "the holder said: " + held);
            String temp = held.substring("HELD ".length());
            Path real = output.toRealPath();
            assertTrue(Files.exists(output.resolve(temp)));

            List<String> log = new CopyOnWriteArrayList<>();
            OutputLockedException refused = assertThrows(OutputLockedException.class,
                    () -> OutputLock.acquire(output, "the test", Duration.ofSeconds(1), log::add));
            String who = "pid " + holder.pid() + " (the test's other process) since ";
            assertTrue(refused.getMessage().contains("still uses " + real + " after 1 s: it is held by "
                    + who), refused.getMessage());
            assertEquals("1", refused.value().orElseThrow(), "the timeout in seconds, for the front end to name");
            assertTrue(log.get(0).startsWith("Waiting for another build of this module to finish with "
                    + real + ": it is held by " + who), log.toString());

            log.clear();
            CompletableFuture<OutputLock> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return OutputLock.acquire(output, "the test", Duration.ofMinutes(1), log::add);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitLine(log, "Waiting for another build");
            assertFalse(waiting.isDone(), "the holder's process is alive: the lock is still its own");
            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs in the holder
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));

            try (OutputLock lock = waiting.get(30, TimeUnit.SECONDS)) {
                assertFalse(Files.exists(output.resolve(temp)), "the killed write's temporary file is gone");
                assertEquals(List.of(temp + " (0.1 MB)"), lock.removedLeftovers());
                assertTrue(log.stream().anyMatch(line -> line.startsWith("Got " + real + " after waiting")),
                        log.toString());
                assertTrue(log.contains("Removed " + temp + " (0.1 MB), left in " + real
                        + " by an interrupted run"), log.toString());
            }
            // read once it is released: another channel to the file, closed while held, would drop this process's lock
            assertTrue(Files.readString(output.resolve(OutputLock.FILE))
                    .startsWith("pid " + ProcessHandle.current().pid() + " (the test) since "));
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void twoThreadsOfOneProcessTakeTurns(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out");
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> second;
        try (OutputLock first = OutputLock.acquire(output, "goal one", Duration.ofSeconds(5), log::add)) {
            second = CompletableFuture.runAsync(() -> {
                try (OutputLock lock = OutputLock.acquire(output, "goal two", Duration.ofMinutes(1), log::add)) {
                    log.add("second has it");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitLine(log, "Waiting for another build");
            assertTrue(log.get(0).contains("held by pid " + ProcessHandle.current().pid() + " (goal one) since "),
                    log.toString());
            assertFalse(second.isDone());
        }
        second.get(30, TimeUnit.SECONDS);
        assertEquals("second has it", log.get(log.size() - 1));
        try (OutputLock again = OutputLock.acquire(output, "goal three", Duration.ofSeconds(1), log::add)) {
            assertEquals(List.of(), again.removedLeftovers(), "files of a finished build are no leftovers");
        }
    }

    private static void awaitLine(List<String> log, String start) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (log.stream().noneMatch(line -> line.startsWith(start))) {
            assertTrue(System.nanoTime() < deadline, "no line starting with '" + start + "': " + log);
            Thread.sleep(20);
        }
    }
}
