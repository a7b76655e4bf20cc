package io.github.pgimage.core.buildkit;


/** One line of the engine's JSON-lines answer to {@code POST /build}, decoded. */
public sealed interface EngineMessage {

    /** {@code {"id":"moby.buildkit.trace","aux":"<base64 StatusResponse>"}}. */
    record Trace(StatusUpdate status) implements EngineMessage {
    }

    /** {@code {"id":"moby.image.id","aux":{"ID":"sha256:…"}}}: the image the build produced. */
    record ImageId(String id) implements EngineMessage {
    }

    /** {@code {"errorDetail":{"message":…},"error":…}}: the build failed. */
    record Failure(String message) implements EngineMessage {
    }

    /** {@code {"stream":"…"}}: free text from the engine (rare with BuildKit). */
    record Output(String text) implements EngineMessage {
    }
}
