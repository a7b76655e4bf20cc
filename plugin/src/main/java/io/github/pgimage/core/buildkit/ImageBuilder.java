package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineRequestException;
import io.github.pgimage.core.image.ImageReference;

import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds an image with BuildKit on the engine, reports progress while it runs, and tags the result.
 *
 * <p>The image is built without a tag and tagged only after success, so a failed or cancelled build
 * leaves every tag on the image it pointed to before. Interrupting the calling thread, or the JVM
 * shutting down (Ctrl-C in Maven), cancels the build on the engine.
 */
public final class ImageBuilder {
    /** How long a cancelled build may take to wind down on the engine before the stream is dropped. */
    private static final long CANCEL_GRACE_SECONDS = 20;

    private final EngineGateway engine;
    private final ProgressListener listener;
    private final java.time.Duration quiet;

    public ImageBuilder(EngineGateway engine, ProgressListener listener) {
        this(engine, listener, SilenceWatch.QUIET);
    }

    /** @param quiet how long the engine may stream nothing before a line says what the build waits for */
    public ImageBuilder(EngineGateway engine, ProgressListener listener, java.time.Duration quiet) {
        this.engine = engine;
        this.listener = listener;
        this.quiet = quiet;
    }

    /**
     * @throws BuildFailedException    the build ran and failed; the message names the step and shows its output
     * @throws BuildCancelledException the calling thread was interrupted (its interrupt flag stays set)
     * @throws EngineException         the engine could not be talked to, or tagging failed
     */
    public BuildResult build(BuildRequest request) throws EngineException {
        String buildId = request.buildId() != null ? request.buildId() : "pgimage-" + UUID.randomUUID();
        long start = System.nanoTime();
        boolean podman = engine.version().isPodman();
        BuildProgress tracker = podman ? new BuildahProgress(listener) : new BuildKitProgress(listener);
        BuildStream exchange = new BuildStream(engine, request, BuildQuery.of(request, buildId, podman), tracker,
                listener, quiet);
        FutureTask<BuildStream.Outcome> stream = new FutureTask<>(exchange);
        // The exchange runs on its own thread because a blocked socket read ignores interrupts:
        // the caller's thread stays free to notice an interrupt and cancel the build on the engine.
        Thread reader = new Thread(stream, "pgimage-build-" + buildId);
        reader.setDaemon(true);
        Thread onShutdown = new Thread(() -> {
            if (!stream.isDone()) {
                cancelOnEngine(buildId, exchange);
            }
        }, "pgimage-cancel-" + buildId);

        Runtime.getRuntime().addShutdownHook(onShutdown);
        BuildStream.Outcome outcome;
        try {
            reader.start();
            outcome = stream.get();
        } catch (InterruptedException e) {
            cancelOnEngine(buildId, exchange);
            awaitWindDown(stream);
            Thread.currentThread().interrupt();
            throw BuildCancelledException.interrupted(buildId, where());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new EngineException("The build on " + engine.endpoint().host() + " broke off: " + cause.getMessage(), cause);
        } finally {
            removeShutdownHook(onShutdown);
        }

        if (outcome.failure() != null) {
            throw new BuildFailedException(outcome.failure(), tracker.failure().orElse(null), tracker.steps());
        }
        if (outcome.imageId() == null) {
            throw new EngineException("The engine ended the build without naming the image it built.");
        }
        for (ImageReference tag : request.tags()) {
            engine.tag(outcome.imageId(), tag);
            listener.info("Tagged " + outcome.imageId() + " as " + tag);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new BuildResult(outcome.imageId(), request.tags().stream().map(ImageReference::toString).toList(),
                tracker.steps(), engine.version(), millis);
    }

    /**
     * BuildKit stops the running steps and the stream ends. An engine without a build cancel (Podman answers 404)
     * is told once, and the request is closed instead; a failure to cancel is reported, not thrown.
     */
    private void cancelOnEngine(String buildId, BuildStream exchange) {
        try {
            engine.cancelBuild(buildId);
            listener.warn(BuildCancelledException.cancelledLine(buildId, where()));
        } catch (EngineRequestException e) {
            if (e.status() == 404 || e.status() == 405) {
                listener.warn("The engine cannot cancel a build (HTTP " + e.status() + " for POST /build/cancel);"
                        + " closing the build request instead");
            } else {
                listener.warn("Could not cancel build " + buildId + " on the engine: " + e.getMessage()
                        + "; closing the build request");
            }
            exchange.abandon();
        } catch (RuntimeException e) {
            listener.warn("Could not cancel build " + buildId + " on the engine: " + e.getMessage()
                    + "; closing the build request");
            exchange.abandon();
        }
    }

    private String where() {
        return "the engine at " + engine.endpoint().host();
    }

    /** Lets the reader see the end of the cancelled stream, so the connection is not left half-read. */
    private static void awaitWindDown(FutureTask<?> stream) {
        try {
            stream.get(CANCEL_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the build is cancelled either way; what the stream said last no longer matters
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs (or ran) and cancels the build
        }
    }
}
