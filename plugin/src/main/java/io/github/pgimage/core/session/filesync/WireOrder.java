package io.github.pgimage.core.session.filesync;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The order in which fsutil walks a tree, and in which its receiver insists on getting the listing: names sorted
 * byte by byte (UTF-8) within each directory, a directory's contents right after the directory. Comparing whole
 * paths byte by byte with {@code '/'} lower than every other byte gives exactly that: {@code a}, {@code a/x},
 * {@code a.txt}. (Java's {@code String.compareTo} puts {@code a.txt} before {@code a/x}, which the engine
 * rejects as "changes out of order".)
 */
final class WireOrder implements Comparator<String> {

    static final WireOrder INSTANCE = new WireOrder();

    private WireOrder() {
    }

    @Override
    public int compare(String left, String right) {
        byte[] a = left.getBytes(StandardCharsets.UTF_8);
        byte[] b = right.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] == b[i]) {
                continue;
            }
            if (a[i] == '/') {
                return -1;
            }
            if (b[i] == '/') {
                return 1;
            }
            return Integer.compare(a[i] & 0xff, b[i] & 0xff);
        }
        return Integer.compare(a.length, b.length);
    }
}
