package io.github.pgimage.core.context;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** A tar read back with commons-compress's reader: each entry's header and content, in archive order. */
record TarReadBack(List<Item> items) {

    record Item(TarArchiveEntry header, byte[] content) {
        String name() {
            return header.getName();
        }
    }

    static TarReadBack of(byte[] tar) throws IOException {
        return of(new ByteArrayInputStream(tar));
    }

    static TarReadBack of(Path tar) throws IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            return of(in);
        }
    }

    private static TarReadBack of(InputStream in) throws IOException {
        List<Item> items = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                items.add(new Item(e, tar.readAllBytes()));
            }
        }
        return new TarReadBack(items);
    }

    List<String> names() {
        return items.stream().map(Item::name).toList();
    }

    Item get(String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + names()));
    }
}
