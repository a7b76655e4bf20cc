package io.github.pgimage.core.context;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Run by {@link ContextTarMemoryTest} in a JVM with a small heap: writes every file of a directory as a context
 * tar to a sink that only counts, then prints the tar's size and the heap's peak use. An OutOfMemoryError makes
 * the JVM exit non-zero.
 */
public final class ContextTarMemoryProbe {

    private ContextTarMemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        List<ContextEntry> entries;
        try (Stream<Path> files = Files.list(directory)) {
            entries = files.map(f -> ContextEntry.file("big/" + f.getFileName(), f, false)).toList();
        }
        CountingSink sink = new CountingSink();
        String digest = new ContextTarWriter(Instant.EPOCH).write(entries, sink);
        System.out.println("bytes=" + sink.count + " digest=" + digest + " peakHeapMiB=" + peakHeapMiB());
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private static final class CountingSink extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
