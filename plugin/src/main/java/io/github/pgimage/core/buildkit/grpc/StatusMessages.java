package io.github.pgimage.core.buildkit.grpc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;

import io.github.pgimage.core.buildkit.StatusUpdate;
import io.github.pgimage.core.buildkit.grpc.proto.StatusResponse;
import io.github.pgimage.core.buildkit.grpc.proto.Vertex;
import io.github.pgimage.core.buildkit.grpc.proto.VertexLog;
import io.github.pgimage.core.buildkit.grpc.proto.VertexWarning;

/** BuildKit's {@code StatusResponse} (protobuf) into a {@link StatusUpdate}, on either door. */
public final class StatusMessages {
    private StatusMessages() {
    }

    /** @throws InvalidProtocolBufferException the bytes are not a StatusResponse */
    public static StatusUpdate decode(byte[] message) throws InvalidProtocolBufferException {
        return of(StatusResponse.parseFrom(message));
    }

    static StatusUpdate of(StatusResponse status) {
        return new StatusUpdate(
                status.getVertexesList().stream().map(StatusMessages::vertex).toList(),
                status.getLogsList().stream().map(StatusMessages::log).toList(),
                status.getWarningsList().stream().map(StatusMessages::warning).toList());
    }

    private static StatusUpdate.VertexUpdate vertex(Vertex v) {
        return new StatusUpdate.VertexUpdate(v.getDigest(), v.getInputsList(), v.getName(), v.getCached(),
                v.hasStarted() ? instant(v.getStarted()) : null, v.hasCompleted() ? instant(v.getCompleted()) : null,
                v.getError());
    }

    private static StatusUpdate.LogChunk log(VertexLog log) {
        return new StatusUpdate.LogChunk(log.getVertex(), log.getMsg().toByteArray());
    }

    private static StatusUpdate.WarningNote warning(VertexWarning warning) {
        return new StatusUpdate.WarningNote(warning.getVertex(), warning.getShort().toString(StandardCharsets.UTF_8));
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
