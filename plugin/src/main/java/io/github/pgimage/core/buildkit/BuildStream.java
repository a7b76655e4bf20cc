package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineRequestException;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;

/**
 * One {@code POST /build?version=2} exchange: streams the context tar as the request body (never
 * buffering it) and feeds the engine's answer, as it arrives, to a {@link StepTracker}.
 */
final class BuildStream implements Callable<BuildStream.Outcome> {

    /** How the exchange ended: an image id, or the engine's error message; neither when the stream just stopped. */
    record Outcome(String imageId, String failure) {
    }

    private final EngineGateway engine;
    private final BuildRequest request;
    private final String buildId;
    private final StepTracker tracker;
    private final ProgressListener listener;

    BuildStream(EngineGateway engine, BuildRequest request, String buildId, StepTracker tracker,
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
            InputStream answer;
            try {
                answer = engine.build(BuildQuery.of(request, buildId), context);
            } catch (EngineRequestException e) {
                return new Outcome(null, "the engine refused the build (HTTP " + e.status() + "): " + e.engineMessage());
            }
            try (answer) {
                String[] imageId = {null};
                String[] failure = {null};
                new TraceDecoder().decode(answer, message -> {
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
}
