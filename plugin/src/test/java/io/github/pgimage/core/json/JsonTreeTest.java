package io.github.pgimage.core.json;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTreeTest {

    @Test
    void readsAnEngineAnswerIntoMapsAndListsInTheDocumentsOrder() throws Exception {
        Object version = JsonTree.parse("{\"Version\":\"28.5.1\",\"ApiVersion\":\"1.51\",\"Components\":"
                + "[{\"Name\":\"Engine\"},{\"Name\":\"containerd\"}],\"Experimental\":false,\"Os\":null}");

        assertEquals(List.of("Version", "ApiVersion", "Components", "Experimental", "Os"),
                List.copyOf(JsonTree.object(version).keySet()));
        assertEquals("28.5.1", JsonTree.text(version, "Version"));
        assertEquals("containerd", JsonTree.text(JsonTree.array(JsonTree.object(version).get("Components")).get(1), "Name"));
        assertEquals("false", JsonTree.text(version, "Experimental"));
        assertNull(JsonTree.text(version, "Os"));
        assertNull(JsonTree.text(version, "Missing"));
        assertNull(JsonTree.text(version, "Components"), "an array is no text");
    }

    @Test
    void readsReportsWhoseKeysAreThousandsOfPathsInAnyJvm() throws Exception {
        // A report names each context file as a key. Interned keys failed in about one JVM of seven (each JVM seeds
        // the table's hash) once a few thousand similar names collided: a build with a context of 10,000 files
        // failed after its image was built. Each factory here is a JVM's first.
        Map<Integer, byte[]> reports = Map.of(1_000, inputs(10), 3_000, inputs(30), 10_000, inputs(100));
        for (int jvm = 0; jvm < 60; jvm++) {
            com.fasterxml.jackson.core.JsonFactory factory = JsonTree.factory();
            for (int files : List.of(1_000, 3_000, 10_000)) {
                assertEquals(files, JsonTree.object(JsonTree.parse(factory, reports.get(files))).size());
            }
            Thread.sleep(1); // the seed comes from the clock
        }
        assertEquals("sha256:99099", JsonTree.object(JsonTree.parse(inputs(100))).get("config/many/d99/f99.conf"));
    }

    private static byte[] inputs(int perFolder) {
        StringBuilder json = new StringBuilder("{");
        for (int d = 0; d < 100; d++) {
            for (int f = 0; f < perFolder; f++) {
                json.append(d + f == 0 ? "" : ",").append("\"config/many/d").append(d).append("/f").append(f)
                        .append(".conf\":\"sha256:").append(d * 1000 + f).append('"');
            }
        }
        return json.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aMissingOrMistypedPartReadsAsEmpty() throws Exception {
        Object labels = JsonTree.parse("{\"Config\":{\"Labels\":null},\"RepoTags\":\"not a list\"}");

        assertEquals(Map.of(), JsonTree.strings(JsonTree.object(JsonTree.object(labels).get("Config")).get("Labels")));
        assertEquals(List.of(), JsonTree.array(JsonTree.object(labels).get("RepoTags")));
        assertEquals(Map.of(), JsonTree.object(JsonTree.object(labels).get("Nothing")));
        assertNull(JsonTree.parse(""));
    }

    @Test
    void stringsKeepScalarsAsWrittenAndLeaveOutTheRest() throws Exception {
        Object labels = JsonTree.parse("{\"a\":\"x\",\"n\":15,\"f\":1.5,\"b\":true,\"z\":null,\"o\":{}}");

        assertEquals(Map.of("a", "x", "n", "15", "f", "1.5", "b", "true"), JsonTree.strings(labels));
    }

    @Test
    void refusesWhatIsNotOneJsonValue() {
        assertThrows(IOException.class, () -> JsonTree.parse("{\"message\":\"x\"} trailing"));
        assertThrows(IOException.class, () -> JsonTree.parse("no such image"));
        assertThrows(IOException.class, () -> JsonTree.parse("{\"unterminated\":"));
    }

    @Test
    void writesCompactJsonThatReadsBackTheSame() throws Exception {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("ref", "localhost:5000/acme/pg:cache");
        attrs.put("mode", "max");
        List<Object> imports = List.of(Map.of("Type", "registry"), attrs, "quote \" and \\ and \u00e9", 3, true);

        String json = JsonTree.write(imports);

        assertEquals("[{\"Type\":\"registry\"},{\"ref\":\"localhost:5000/acme/pg:cache\",\"mode\":\"max\"},"
                + "\"quote \\\" and \\\\ and \u00e9\",3,true]", json);
        assertEquals(imports, JsonTree.parse(json));
    }
}
