package io.github.pgimage.core.buildkit;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceDecoderTest {

    @Test
    void coldBuildEndsWithTheImageId() {
        List<EngineMessage> messages = RecordedTraces.messages("cold-build.jsonl");

        EngineMessage last = messages.get(messages.size() - 1);
        assertTrue(assertInstanceOf(EngineMessage.ImageId.class, last).id().matches("sha256:[0-9a-f]{64}"), last.toString());
        assertEquals(messages.size() - 1, messages.stream().filter(m -> m instanceof EngineMessage.Trace).count());
        assertTrue(messages.stream().noneMatch(m -> m instanceof EngineMessage.Failure));
    }

    @Test
    void traceMessagesCarryVerticesWithNamesAndTimes() {
        List<EngineMessage> messages = RecordedTraces.messages("cold-build.jsonl");

        assertTrue(messages.stream()
                .filter(m -> m instanceof EngineMessage.Trace)
                .flatMap(m -> ((EngineMessage.Trace) m).status().vertices().stream())
                .anyMatch(v -> v.name().startsWith("[setup 2/4] RUN ") && v.started() != null && v.completed() != null
                        && v.digest().startsWith("sha256:")));
    }

    @Test
    void failingBuildEndsWithTheEngineError() {
        List<EngineMessage> messages = RecordedTraces.messages("failing-run.jsonl");

        EngineMessage.Failure failure = assertInstanceOf(EngineMessage.Failure.class, messages.get(messages.size() - 1));
        assertTrue(failure.message().endsWith("exit code: 3"), failure.message());
        assertTrue(messages.stream().noneMatch(m -> m instanceof EngineMessage.ImageId));
    }

    @Test
    void errorWithoutDetailAndFreeTextAreDecodedToo() throws IOException {
        List<EngineMessage> messages = decode("{\"stream\":\"Step 1/2\\n\"}\n{\"error\":\"no space left\"}\n"
                + "{\"id\":\"moby.other\",\"aux\":{}}\n");

        assertEquals(List.of(new EngineMessage.Output("Step 1/2\n"), new EngineMessage.Failure("no space left")), messages);
    }

    @Test
    void aTraceThatIsNotProtobufIsAnError() {
        IOException e = assertThrows(IOException.class,
                () -> decode("{\"id\":\"moby.buildkit.trace\",\"aux\":\"////\"}\n"));
        assertTrue(e.getMessage().contains("not a StatusResponse"), e.getMessage());
    }

    private static List<EngineMessage> decode(String text) throws IOException {
        List<EngineMessage> messages = new ArrayList<>();
        new TraceDecoder().decode(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), messages::add);
        return messages;
    }
}
