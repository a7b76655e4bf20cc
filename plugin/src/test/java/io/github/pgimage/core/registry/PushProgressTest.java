package io.github.pgimage.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.github.pgimage.maven.ProgressText;
import io.github.pgimage.core.progress.ProgressEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.json.JsonTree;

class PushProgressTest {
    private final List<String> info = new ArrayList<>();
    private final List<String> warn = new ArrayList<>();

    /** A 199 MB layer as the engine reports it: one message every ~4 MB, about fifty of them. */
    @Test
    void aBigLayerGetsFiveLinesNotOnePerMessage() throws Exception {
        PushProgress progress = new PushProgress(listener());
        accept(progress, "{\"status\":\"The push refers to repository [localhost:5991/probe/deb]\"}");
        accept(progress, "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"b8830ded72f0\"}");
        accept(progress, "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"0a1b2c3d4e5f\"}");
        for (long current = 535552; current < 198901074; current += 4_000_000) {
            accept(progress, "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":" + current
                    + ",\"total\":198901074},\"progress\":\"[>   ]\",\"id\":\"b8830ded72f0\"}");
        }
        accept(progress, "{\"status\":\"Layer already exists\",\"progressDetail\":{},\"id\":\"0a1b2c3d4e5f\"}");
        accept(progress, "{\"status\":\"Retrying in 5 seconds\",\"progressDetail\":{},\"id\":\"b8830ded72f0\"}");
        accept(progress, "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"b8830ded72f0\"}");
        accept(progress, "{\"status\":\"1: digest: sha256:5dcd82fc4115bb14d925a104af422a5bc8df49c0e2e2d359125c1dcdb2a23718 size: 528\"}");

        assertEquals(List.of(
                "Layer b8830ded72f0: pushing 198.9 MB",
                "Layer b8830ded72f0: 25% of 198.9 MB",
                "Layer b8830ded72f0: 50% of 198.9 MB",
                "Layer b8830ded72f0: 75% of 198.9 MB",
                "Layer 0a1b2c3d4e5f: already in the registry",
                "Layer b8830ded72f0: pushed"), info);
        assertEquals(List.of("The engine retries the upload of layer b8830ded72f0 in 5 s (1 retry of 1 layer so far;"
                + " the registry may be down)"), warn);
    }

    /**
     * A registry that dies mid-push: the engine retries each of five layers four times, counting every retry down
     * second by second (5, 10, 15, 20 seconds: 250 messages in 50 s), then gives up. The log gets a line when the
     * first retry starts and one when the retries have gone on for 30 s, each with the count; the rest goes to debug.
     */
    @Test
    void aRegistryThatDiesMidPushGivesALineEveryThirtySecondsNotOnePerCountdownSecond() throws Exception {
        long[] now = {0};
        List<String> debug = new ArrayList<>();
        PushProgress progress = new PushProgress(listener(debug), () -> now[0]);
        List<String> layers = List.of("a1", "b2", "c3", "d4", "e5");
        int messages = 0;
        for (int round = 1; round <= 4; round++) {
            for (String layer : layers) {
                accept(progress, "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":512,\"total\":9000},\"id\":\""
                        + layer + "\"}");
            }
            for (long left = 5L * round; left >= 1; left--) {
                for (String layer : layers) {
                    accept(progress, "{\"status\":\"Retrying in " + left + " second" + (left == 1 ? "" : "s")
                            + "\",\"progressDetail\":{},\"id\":\"" + layer + "\"}");
                    messages++;
                }
                now[0] += TimeUnit.SECONDS.toNanos(1);
            }
        }

        assertEquals(250, messages);
        assertEquals(List.of(
                "The engine retries the upload of layer a1 in 5 s (1 retry of 1 layer so far; the registry may be down)",
                "The engine retries the upload of layer a1 in 20 s (16 retries of 5 layers so far; the registry may be down)"),
                warn);
        assertEquals(250, debug.stream().filter(line -> line.contains(": Retrying in ")).count());
    }

    @Test
    void aSmallLayerIsJustStartedAndPushed() throws Exception {
        PushProgress progress = new PushProgress(listener());
        accept(progress, "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":512,\"total\":553},\"id\":\"3e2be9582b4a\"}");
        accept(progress, "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":553,\"total\":553},\"id\":\"3e2be9582b4a\"}");
        accept(progress, "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"3e2be9582b4a\"}");
        assertEquals(List.of("Layer 3e2be9582b4a: pushing 553 B", "Layer 3e2be9582b4a: pushed"), info);
    }

    @Test
    void mountedLayersSayWhereFrom() throws Exception {
        PushProgress progress = new PushProgress(listener());
        accept(progress, "{\"status\":\"Mounted from pgimage-it/other\",\"progressDetail\":{},\"id\":\"b8830ded72f0\"}");
        assertEquals(List.of("Layer b8830ded72f0: mounted from pgimage-it/other"), info);
    }

    @Test
    void sizesAreHumanReadable() {
        assertEquals("528 B", PushProgress.size(528));
        assertEquals("1.5 kB", PushProgress.size(1500));
        assertEquals("198.9 MB", PushProgress.size(198901074));
        assertEquals("2.50 GB", PushProgress.size(2_500_000_000L));
    }

    private static void accept(PushProgress progress, String json) throws Exception {
        progress.accept(JsonTree.object(JsonTree.parse(json)));
    }

    private ProgressListener listener() {
        return listener(new ArrayList<>());
    }

    private ProgressListener listener(List<String> debug) {
        return event -> {
            switch (ProgressText.level(event)) {
                case DEBUG -> debug.add(ProgressText.of(event));
                case INFO -> info.add(ProgressText.of(event));
                case WARN -> warn.add(ProgressText.of(event));
                case ERROR -> throw new AssertionError("no error lines expected: " + ProgressText.of(event));
            }
        };
    }
}
