package io.github.pgimage.core.buildkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.pgimage.core.buildkit.proto.StatusResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Turns the engine's streamed answer to a BuildKit build into {@link EngineMessage}s, one JSON
 * value at a time, as they arrive; never holds more than one message in memory.
 */
public final class TraceDecoder {
    private static final ObjectReader READER = new ObjectMapper().readerFor(JsonNode.class);

    /**
     * Reads until the end of {@code in}, handing each message to {@code sink} before reading the next.
     *
     * @throws IOException when the stream breaks or holds something that is not the engine's format
     */
    public void decode(InputStream in, Consumer<? super EngineMessage> sink) throws IOException {
        try (MappingIterator<JsonNode> values = READER.readValues(in)) {
            while (values.hasNextValue()) {
                EngineMessage message = toMessage(values.nextValue());
                if (message != null) {
                    sink.accept(message);
                }
            }
        }
    }

    /** The message of one JSON value, or null for values the build does not need (e.g. other aux ids). */
    static EngineMessage toMessage(JsonNode value) throws IOException {
        JsonNode errorDetail = value.get("errorDetail");
        if (errorDetail != null || value.hasNonNull("error")) {
            String message = errorDetail != null && errorDetail.hasNonNull("message")
                    ? errorDetail.get("message").asText() : value.path("error").asText();
            return new EngineMessage.Failure(message);
        }
        String id = value.path("id").asText("");
        JsonNode aux = value.get("aux");
        if ("moby.buildkit.trace".equals(id) && aux != null && aux.isTextual()) {
            try {
                return new EngineMessage.Trace(StatusResponse.parseFrom(Base64.getDecoder().decode(aux.asText())));
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                throw new IOException("The engine sent a BuildKit trace that is not a StatusResponse: " + e.getMessage(), e);
            }
        }
        // Podman sends the image's id as an aux without an id of its own
        if (("moby.image.id".equals(id) || id.isEmpty()) && aux != null && aux.hasNonNull("ID")) {
            return new EngineMessage.ImageId(aux.get("ID").asText());
        }
        if (value.hasNonNull("stream")) {
            return new EngineMessage.Output(value.get("stream").asText());
        }
        return null;
    }
}
