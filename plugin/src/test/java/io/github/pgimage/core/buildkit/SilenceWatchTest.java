package io.github.pgimage.core.buildkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SilenceWatchTest {

    @Test
    void aQuietEngineGetsALineSayingWhatThePluginWaitsFor() throws InterruptedException {
        RecordingListener listener = new RecordingListener();
        try (SilenceWatch watch = new SilenceWatch("the engine", "the build", Duration.ofMillis(200),
                () -> "[setup 3/7] RUN install.sh to finish", listener)) {
            Thread.sleep(700);
        }
        assertTrue(listener.lines.stream().anyMatch(line -> line.contains("sent nothing about the build")
                && line.contains("waiting for [setup 3/7] RUN install.sh to finish")), listener.lines.toString());
    }

    @Test
    void anEngineThatKeepsTalkingGetsNoSuchLine() throws InterruptedException {
        RecordingListener listener = new RecordingListener();
        try (SilenceWatch watch = new SilenceWatch("the engine", "the build", Duration.ofMillis(300), () -> "x", listener)) {
            for (int i = 0; i < 10; i++) {
                watch.heard();
                Thread.sleep(50);
            }
        }
        assertTrue(listener.lines.isEmpty(), listener.lines.toString());
    }
}
