package io.github.pgimage.core.buildkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import io.github.pgimage.core.engine.EngineClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * One {@code POST /build?version=2} exchange: streams the context tar as the request body (never
 * buffering it) and feeds the engine's answer, as it arrives, to a {@link StepTracker}.
 */
final class BuildStream implements Callable<BuildStream.Outcome> {

    /** How the exchange ended: an image id, or the engine's error message. */
    record Outcome(String imageId, String failure) {
    }

    private final EngineClient engine;
    private final BuildRequest request;
    private final String buildId;
    private final StepTracker tracker;
    private final ProgressListener listener;

    BuildStream(EngineClient engine, BuildRequest request, String buildId, StepTracker tracker,
                ProgressListener listener) {
        this.engine = engine;
        this.request = request;
        this.buildId = buildId;
        this.tracker = tracker;
        this.listener = listener;
    }

    @Override
    public Outcome call() throws IOException {
        // With the context in the session the engine reads no body (the docker CLI sends none)
        try (InputStream context = request.contextInSession() ? InputStream.nullInputStream() : request.context().open()) {
            DockerHttpClient.Request post = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST)
                    .path(engine.apiPath("/build?" + BuildQuery.of(request, buildId)))
                    .putHeader("Content-Type", "application/x-tar")
                    .body(context)
                    .build();
            try (DockerHttpClient.Response response = engine.http().execute(post)) {
                if (response.getStatusCode() != 200) {
                    return new Outcome(null, "the engine refused the build (HTTP " + response.getStatusCode()
                            + "): " + errorMessage(response.getBody()));
                }
                String[] imageId = {null};
                String[] failure = {null};
                new TraceDecoder().decode(response.getBody(), message -> {
                    if (message instanceof EngineMessage.Trace trace) {
                        tracker.accept(trace.status());
                    } else if (message instanceof EngineMessage.ImageId id) {
                        imageId[0] = id.id();
                    } else if (message instanceof EngineMessage.Failure f) {
                        failure[0] = f.message();
                    } else if (message instanceof EngineMessage.Output output && !output.text().isBlank()) {
                        listener.debug(output.text().stripTrailing());
                    }
                });
                return new Outcome(failure[0] == null ? imageId[0] : null, failure[0]);
            }
        }
    }

    /** Error answers are {@code {"message":"…"}}; anything else is shown as sent. */
    private static String errorMessage(InputStream body) throws IOException {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            JsonNode json = new ObjectMapper().readTree(text);
            if (json != null && json.hasNonNull("message")) {
                return json.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: show the raw text
        }
        return text;
    }
}
