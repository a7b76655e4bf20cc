package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineRequestException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * One {@code POST /build} exchange: streams the context tar as the request body (never buffering it) and feeds
 * the engine's answer, as it arrives, to a {@link BuildProgress}; says what it waits for when the engine is quiet.
 */
final class BuildStream implements Callable<BuildStream.Outcome> {

    /** How the exchange ended: an image id, or the engine's error message; neither when the stream just stopped. */
    record Outcome(String imageId, String failure) {
    }

    private final EngineGateway engine;
    private final BuildRequest request;
    private final String query;
    private final BuildProgress progress;
    private final ProgressListener listener;
    private final Duration quiet;
    private volatile InputStream answer;
    private volatile boolean abandoned;

    BuildStream(EngineGateway engine, BuildRequest request, String query, BuildProgress progress,
                ProgressListener listener, Duration quiet) {
        this.engine = engine;
        this.request = request;
        this.query = query;
        this.progress = progress;
        this.listener = listener;
        this.quiet = quiet;
    }

    @Override
    public Outcome call() throws IOException {
        // With the context in the session the engine reads no body (the docker CLI sends none)
        try (InputStream context = request.contextInSession() ? InputStream.nullInputStream() : request.context().open();
             SilenceWatch watch = new SilenceWatch("the engine", "the build", quiet, progress::waitingFor, listener)) {
            try {
                answer = engine.build(query, context);
            } catch (EngineRequestException e) {
                return new Outcome(null, "the engine refused the build (HTTP " + e.status() + "): " + e.engineMessage());
            }
            if (abandoned) {
                closeAnswer();
            }
            try (InputStream in = answer) {
                String[] imageId = {null};
                String[] failure = {null};
                new TraceDecoder().decode(in, message -> {
                    watch.heard();
                    if (message instanceof EngineMessage.ImageId id) {
                        imageId[0] = id.id();
                    } else if (message instanceof EngineMessage.Failure f) {
                        failure[0] = f.message();
                    }
                    progress.accept(message);
                });
                return new Outcome(failure[0] == null ? imageId[0] : null, failure[0]);
            } catch (IOException e) {
                if (abandoned) {
                    return new Outcome(null, "the build request was closed");
                }
                throw e;
            }
        }
    }

    /** Closes the request from another thread, for an engine that cannot cancel a build (the reader then ends). */
    void abandon() {
        abandoned = true;
        closeAnswer();
    }

    private void closeAnswer() {
        InputStream in = answer;
        if (in != null) {
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                // the connection is dropped either way
            }
        }
    }
}
