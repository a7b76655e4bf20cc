package io.github.pgimage.core.session;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A {@code docker save} tar searched completely for some byte sequences: every entry's bytes and
 * name, and inside every layer tar (gzip-compressed or not) every file's bytes and name.
 * Blobs are searched as they are read, so that large base layers are not all held at once.
 */
final class SavedImage {
    private final List<byte[]> needles;
    private final Map<Integer, List<String>> found = new HashMap<>();
    private final Map<String, byte[]> smallFiles = new HashMap<>();
    private int layers;

    private SavedImage(List<byte[]> needles) {
        this.needles = needles;
    }

    static SavedImage scan(Path saveTar, List<byte[]> needles) throws IOException {
        SavedImage image = new SavedImage(needles);
        try (InputStream in = Files.newInputStream(saveTar)) {
            image.readTar(in, saveTar.getFileName().toString(), true);
        }
        return image;
    }

    private void readTar(InputStream in, String where, boolean outer) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String name = where + "!" + entry.getName();
            search(name + " (entry name)", entry.getName().getBytes(StandardCharsets.UTF_8));
            if (!entry.isFile()) {
                continue;
            }
            byte[] bytes = tar.readAllBytes();
            search(name, bytes);
            if (outer) {
                byte[] layer = bytes;
                if (isGzip(bytes)) {
                    layer = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
                    search(name + " (gunzipped)", layer);
                }
                if (isTar(layer)) {
                    layers++;
                    readTar(new ByteArrayInputStream(layer), name, false);
                }
            } else if (bytes.length < 4096) {
                smallFiles.put(entry.getName().replaceFirst("^\\./", ""), bytes);
            }
        }
    }

    private void search(String where, byte[] bytes) {
        for (int i = 0; i < needles.size(); i++) {
            if (indexOf(bytes, needles.get(i)) >= 0) {
                found.computeIfAbsent(i, k -> new ArrayList<>()).add(where);
            }
        }
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** A POSIX or GNU tar has "ustar" at offset 257 of its first header. */
    private static boolean isTar(byte[] bytes) {
        return bytes.length >= 262 && bytes[257] == 'u' && bytes[258] == 's' && bytes[259] == 't'
                && bytes[260] == 'a' && bytes[261] == 'r';
    }

    /** Where the needle with this index was found (entry, layer file or name); empty when nowhere. */
    List<String> whereFound(int needle) {
        return found.getOrDefault(needle, List.of());
    }

    /** A small file from a layer, by its path in the image without the leading slash; null when absent. */
    byte[] file(String path) {
        return smallFiles.get(path);
    }

    /** How many layer tars were opened and searched. */
    int layers() {
        return layers;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
