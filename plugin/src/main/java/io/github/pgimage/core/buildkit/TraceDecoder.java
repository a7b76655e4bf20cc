package io.github.pgimage.core.buildkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.pgimage.core.buildkit.grpc.StatusMessages;
import io.github.pgimage.core.json.JsonTree;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the engine's streamed answer to a BuildKit build into {@link EngineMessage}s, one JSON
 * value at a time, as they arrive; never holds more than one message in memory.
 */
public final class TraceDecoder {
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Reads until the end of {@code in}, handing each message to {@code sink} before reading the next.
     *
     * @throws IOException when the stream breaks or holds something that is not the engine's format
     */
    public void decode(InputStream in, Consumer<? super EngineMessage> sink) throws IOException {
        try (JsonParser values = JSON.createParser(in)) {
            JsonToken token;
            while ((token = values.nextToken()) != null) {
                EngineMessage message = toMessage(JsonTree.value(values, token));
                if (message != null) {
                    sink.accept(message);
                }
            }
        }
    }

    /** The message of one JSON value, or null for values the build does not need (e.g. other aux ids). */
    static EngineMessage toMessage(Object json) throws IOException {
        Map<String, Object> value = JsonTree.object(json);
        Object errorDetail = value.get("errorDetail");
        if (errorDetail != null || value.get("error") != null) {
            String message = JsonTree.text(errorDetail, "message");
            if (message == null) {
                message = JsonTree.text(value.get("error"));
            }
            return new EngineMessage.Failure(message == null ? "" : message);
        }
        String id = value.get("id") instanceof String text ? text : "";
        Object aux = value.get("aux");
        if ("moby.buildkit.trace".equals(id) && aux instanceof String trace) {
            try {
                return new EngineMessage.Trace(StatusMessages.decode(Base64.getDecoder().decode(trace)));
            } catch (IOException | IllegalArgumentException e) {
                throw new IOException("The engine sent a BuildKit trace that is not a StatusResponse: " + e.getMessage(), e);
            }
        }
        // Podman sends the image's id as an aux without an id of its own
        if (("moby.image.id".equals(id) || id.isEmpty()) && JsonTree.text(aux, "ID") != null) {
            return new EngineMessage.ImageId(JsonTree.text(aux, "ID"));
        }
        if (JsonTree.text(value.get("stream")) != null) {
            return new EngineMessage.Output(JsonTree.text(value.get("stream")));
        }
        return null;
    }
}
