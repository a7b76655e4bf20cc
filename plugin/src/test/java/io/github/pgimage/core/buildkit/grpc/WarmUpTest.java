package io.github.pgimage.core.buildkit.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The warm-up names classes as strings; a dependency upgrade that renames one must not go unnoticed. */
class WarmUpTest {

    @Test
    void everyTransportClassItNamesExists() {
        List<String> missing = new ArrayList<>();
        for (String name : WarmUp.TRANSPORT) {
            try {
                Class.forName(name, false, WarmUp.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing);
    }
}
