package io.github.pgimage.core.buildkit;

import java.time.Instant;
import java.util.List;

/**
 * One of BuildKit's status messages ({@code moby.buildkit.v1.StatusResponse}) as plain values: on {@code POST /build}
 * it comes base64-encoded in the engine's JSON lines, on the gRPC API from {@code Control/Status}; both are read by
 * {@code core.buildkit.grpc.StatusMessages}, so protobuf's types stay in that package.
 */
public record StatusUpdate(List<VertexUpdate> vertices, List<LogChunk> logs, List<WarningNote> warnings) {
    public StatusUpdate {
        vertices = List.copyOf(vertices);
        logs = List.copyOf(logs);
        warnings = List.copyOf(warnings);
    }

    /**
     * A vertex as BuildKit re-sends it whenever it changes; unset fields are empty, zero or null.
     *
     * @param digest    what the vertex is known by across messages
     * @param inputs    the digests of the vertices it builds on
     * @param name      {@code [setup 2/4] RUN …} for a Dockerfile step, else BuildKit's own description
     * @param started   null until it starts
     * @param completed null until it ends
     * @param error     empty unless it failed
     */
    public record VertexUpdate(String digest, List<String> inputs, String name, boolean cached, Instant started,
                               Instant completed, String error) {
        public VertexUpdate {
            inputs = List.copyOf(inputs);
        }
    }

    /** Output a vertex printed: bytes, not lines (a line may span two chunks). */
    public record LogChunk(String vertex, byte[] data) {
    }

    /** A warning of the frontend about a vertex (a Dockerfile check). */
    public record WarningNote(String vertex, String text) {
    }
}
