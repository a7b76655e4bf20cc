package io.github.pgimage.core.buildkit.grpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;

import io.github.pgimage.core.buildkit.StatusUpdate;
import io.github.pgimage.core.buildkit.grpc.proto.StatusResponse;
import io.github.pgimage.core.buildkit.grpc.proto.Vertex;
import io.github.pgimage.core.buildkit.grpc.proto.VertexLog;
import io.github.pgimage.core.buildkit.grpc.proto.VertexWarning;

/**
 * BuildKit's {@code StatusResponse} (protobuf, {@code trace.proto}) into a {@link StatusUpdate}, on either door.
 *
 * <p>The gRPC door receives generated messages ({@link #of}). {@code POST /build} sends the same bytes base64-encoded in
 * its JSON, and there {@link #decode} reads them field by field with protobuf's {@link CodedInputStream}: in a fresh
 * Maven JVM the generated classes and their descriptors cost about 35 ms before the first trace is read (50 ms against
 * 15 ms, measured), on the door {@code builder=auto} takes for an ordinary build. The tags below are trace.proto's
 * field numbers; {@code StatusMessagesTest} checks that both ways agree on every field.
 */
public final class StatusMessages {
    // tag = field number << 3 | wire type (0 varint, 2 length-delimited)
    private static final int RESPONSE_VERTEX = 1 << 3 | 2;
    private static final int RESPONSE_LOG = 3 << 3 | 2;
    private static final int RESPONSE_WARNING = 4 << 3 | 2;
    private static final int VERTEX_DIGEST = 1 << 3 | 2;
    private static final int VERTEX_INPUT = 2 << 3 | 2;
    private static final int VERTEX_NAME = 3 << 3 | 2;
    private static final int VERTEX_CACHED = 4 << 3;
    private static final int VERTEX_STARTED = 5 << 3 | 2;
    private static final int VERTEX_COMPLETED = 6 << 3 | 2;
    private static final int VERTEX_ERROR = 7 << 3 | 2;
    private static final int LOG_VERTEX = 1 << 3 | 2;
    private static final int LOG_MSG = 4 << 3 | 2;
    private static final int WARNING_VERTEX = 1 << 3 | 2;
    private static final int WARNING_SHORT = 3 << 3 | 2;
    private static final int TIMESTAMP_SECONDS = 1 << 3;
    private static final int TIMESTAMP_NANOS = 2 << 3;

    private StatusMessages() {
    }

    /** @throws InvalidProtocolBufferException the bytes are not a StatusResponse */
    public static StatusUpdate decode(byte[] message) throws InvalidProtocolBufferException {
        try {
            CodedInputStream in = CodedInputStream.newInstance(message);
            List<StatusUpdate.VertexUpdate> vertices = new ArrayList<>();
            List<StatusUpdate.LogChunk> logs = new ArrayList<>();
            List<StatusUpdate.WarningNote> warnings = new ArrayList<>();
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (tag) {
                    case RESPONSE_VERTEX -> vertices.add(vertex(in));
                    case RESPONSE_LOG -> logs.add(log(in));
                    case RESPONSE_WARNING -> warnings.add(warning(in));
                    default -> in.skipField(tag); // statuses, and what newer engines add
                }
            }
            return new StatusUpdate(vertices, logs, warnings);
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
    }

    static StatusUpdate of(StatusResponse status) {
        return new StatusUpdate(
                status.getVertexesList().stream().map(StatusMessages::vertex).toList(),
                status.getLogsList().stream().map(StatusMessages::log).toList(),
                status.getWarningsList().stream().map(StatusMessages::warning).toList());
    }

    private static StatusUpdate.VertexUpdate vertex(CodedInputStream in) throws IOException {
        int outer = in.pushLimit(in.readRawVarint32());
        String digest = "";
        List<String> inputs = new ArrayList<>();
        String name = "";
        boolean cached = false;
        Instant started = null;
        Instant completed = null;
        String error = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case VERTEX_DIGEST -> digest = in.readStringRequireUtf8();
                case VERTEX_INPUT -> inputs.add(in.readStringRequireUtf8());
                case VERTEX_NAME -> name = in.readStringRequireUtf8();
                case VERTEX_CACHED -> cached = in.readBool();
                case VERTEX_STARTED -> started = instant(in);
                case VERTEX_COMPLETED -> completed = instant(in);
                case VERTEX_ERROR -> error = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(outer);
        return new StatusUpdate.VertexUpdate(digest, inputs, name, cached, started, completed, error);
    }

    private static StatusUpdate.LogChunk log(CodedInputStream in) throws IOException {
        int outer = in.pushLimit(in.readRawVarint32());
        String vertex = "";
        byte[] data = new byte[0];
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case LOG_VERTEX -> vertex = in.readStringRequireUtf8();
                case LOG_MSG -> data = in.readByteArray();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(outer);
        return new StatusUpdate.LogChunk(vertex, data);
    }

    private static StatusUpdate.WarningNote warning(CodedInputStream in) throws IOException {
        int outer = in.pushLimit(in.readRawVarint32());
        String vertex = "";
        String text = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case WARNING_VERTEX -> vertex = in.readStringRequireUtf8();
                case WARNING_SHORT -> text = new String(in.readByteArray(), StandardCharsets.UTF_8);
                default -> in.skipField(tag);
            }
        }
        in.popLimit(outer);
        return new StatusUpdate.WarningNote(vertex, text);
    }

    private static Instant instant(CodedInputStream in) throws IOException {
        int outer = in.pushLimit(in.readRawVarint32());
        long seconds = 0;
        int nanos = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case TIMESTAMP_SECONDS -> seconds = in.readInt64();
                case TIMESTAMP_NANOS -> nanos = in.readInt32();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(outer);
        return Instant.ofEpochSecond(seconds, nanos);
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
