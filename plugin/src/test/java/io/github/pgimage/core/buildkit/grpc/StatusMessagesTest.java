package io.github.pgimage.core.buildkit.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;

import io.github.pgimage.core.buildkit.StatusUpdate;
import io.github.pgimage.core.buildkit.grpc.proto.StatusResponse;
import io.github.pgimage.core.buildkit.grpc.proto.Vertex;
import io.github.pgimage.core.buildkit.grpc.proto.VertexLog;
import io.github.pgimage.core.buildkit.grpc.proto.VertexStatus;
import io.github.pgimage.core.buildkit.grpc.proto.VertexWarning;
import io.github.pgimage.core.json.JsonTree;

/**
 * {@code POST /build}'s traces are read field by field, the gRPC door's arrive as generated messages: both give the
 * same {@link StatusUpdate} for every field trace.proto declares, and skip what it does not.
 */
class StatusMessagesTest {

    @Test
    void everyFieldReadsAsTheGeneratedMessageHasIt() throws Exception {
        StatusResponse status = StatusResponse.newBuilder()
                .addVertexes(Vertex.newBuilder().setDigest("sha256:aa").addInputs("sha256:bb").addInputs("sha256:cc")
                        .setName("[setup 2/4] RUN /usr/bin/env bash /opt/pgimage/setup/scripts/01-base.sh")
                        .setCached(true).setStarted(time(1_700_000_000L, 5)).setCompleted(time(1_700_000_002L, 0))
                        .setError("process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3"))
                .addVertexes(Vertex.newBuilder().setDigest("sha256:dd").setName("[runtime 1/4] COPY config/ /x/"))
                .addStatuses(VertexStatus.newBuilder().setID("transferring context").setVertex("sha256:aa").setTotal(9))
                .addLogs(VertexLog.newBuilder().setVertex("sha256:aa").setStream(2).setTimestamp(time(1, 2))
                        .setMsg(ByteString.copyFrom(new byte[] {'o', 'k', '\n', (byte) 0xff})))
                .addWarnings(VertexWarning.newBuilder().setVertex("sha256:dd").setLevel(1)
                        .setShort(ByteString.copyFromUtf8("FromAsCasing: 'as' and 'FROM' keywords' casing do not match"))
                        .addDetail(ByteString.copyFromUtf8("detail")).setUrl("https://docs.docker.com/"))
                .build();

        assertSame(StatusMessages.of(status), StatusMessages.decode(status.toByteArray()));
    }

    @Test
    void fieldsANewerEngineAddsAreSkipped() throws Exception {
        Vertex vertex = Vertex.newBuilder().setDigest("sha256:aa").setName("[setup 1/1] FROM debian").build();
        byte[] known = StatusResponse.newBuilder().addVertexes(vertex).build().toByteArray();
        // field 9 (a string) at the top and field 12 (a varint) inside the vertex, as BuildKit's newer fields arrive
        byte[] vertexWithMore = concat(vertex.toByteArray(), new byte[] {12 << 3, 42});
        byte[] newer = concat(new byte[] {(byte) (9 << 3 | 2), 3, 'n', 'e', 'w'},
                new byte[] {1 << 3 | 2, (byte) vertexWithMore.length}, vertexWithMore);

        assertSame(StatusMessages.decode(known), StatusMessages.decode(newer));
        assertSame(StatusMessages.of(StatusResponse.parseFrom(newer)), StatusMessages.decode(newer));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cold-build.jsonl", "cold-build-engine26.jsonl", "cached-rebuild.jsonl",
            "cached-rebuild-engine26.jsonl", "failing-run.jsonl", "failing-run-engine26.jsonl"})
    void everyRecordedTraceReadsAlikeBothWays(String recording) throws Exception {
        List<byte[]> traces = traces(recording);
        assertTrue(traces.size() > 3, "the recording has traces");
        for (byte[] trace : traces) {
            assertSame(StatusMessages.of(StatusResponse.parseFrom(trace)), StatusMessages.decode(trace));
        }
    }

    @Test
    void bytesThatAreNotAStatusResponseAreRefused() {
        // a length-delimited vertex that claims more bytes than there are
        assertThrows(InvalidProtocolBufferException.class, () -> StatusMessages.decode(new byte[] {10, 50, 1, 2}));
        // wire type 7 does not exist
        assertThrows(InvalidProtocolBufferException.class, () -> StatusMessages.decode(new byte[] {15, 1}));
    }

    private static void assertSame(StatusUpdate expected, StatusUpdate actual) {
        assertEquals(expected.vertices(), actual.vertices());
        assertEquals(text(expected.logs()), text(actual.logs()));
        assertEquals(expected.warnings(), actual.warnings());
    }

    private static List<String> text(List<StatusUpdate.LogChunk> logs) {
        return logs.stream().map(l -> l.vertex() + " " + Arrays.toString(l.data())).toList();
    }

    private static Timestamp time(long seconds, int nanos) {
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    private static byte[] concat(byte[]... parts) {
        int length = Stream.of(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static List<byte[]> traces(String recording) throws IOException {
        String resource = "/io/github/pgimage/core/buildkit/traces/" + recording;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                StatusMessagesTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            return lines.lines().filter(line -> !line.isBlank()).map(line -> {
                try {
                    Object json = JsonTree.parse(line);
                    return "moby.buildkit.trace".equals(JsonTree.text(json, "id"))
                            ? Base64.getDecoder().decode(JsonTree.text(json, "aux")) : null;
                } catch (IOException e) {
                    throw new IllegalStateException(resource, e);
                }
            }).filter(b -> b != null).toList();
        }
    }
}
