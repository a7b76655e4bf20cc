package io.github.pgimage.core.buildkit.grpc;

import com.google.protobuf.Timestamp;
import io.github.pgimage.core.buildkit.BuildCancelledException;
import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.RecordingListener;
import io.github.pgimage.core.buildkit.grpc.proto.ControlGrpc;
import io.github.pgimage.core.buildkit.grpc.proto.SolveRequest;
import io.github.pgimage.core.buildkit.grpc.proto.SolveResponse;
import io.github.pgimage.core.buildkit.grpc.proto.StatusRequest;
import io.github.pgimage.core.buildkit.grpc.proto.StatusResponse;
import io.github.pgimage.core.buildkit.grpc.proto.Vertex;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gRPC door against a BuildKit that starts a step and then says nothing (a setup step that runs for minutes
 * without output): the build is never silent, and an interrupt cancels the solve and says so, in the same words as
 * the engine's {@code /build} door. The daemon is a fake Control service on a local TCP port, reached the way a
 * standalone buildkitd is.
 */
class GrpcSolveWaitTest {
    private static final String STEP = "[setup 2/4] RUN sleep 66";

    private final CountDownLatch solveCancelled = new CountDownLatch(1);
    private Server daemon;
    private BuildKitClient client;

    @BeforeEach
    void startDaemon() throws Exception {
        daemon = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new ControlGrpc.ControlImplBase() {
                    @Override
                    public void status(StatusRequest request, StreamObserver<StatusResponse> updates) {
                        Instant now = Instant.now();
                        updates.onNext(StatusResponse.newBuilder().addVertexes(Vertex.newBuilder()
                                .setDigest("sha256:step2").setName(STEP)
                                .setStarted(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))).build());
                        // then nothing: the step runs on without a line of output
                    }

                    @Override
                    public void solve(SolveRequest request, StreamObserver<SolveResponse> answer) {
                        ((ServerCallStreamObserver<SolveResponse>) answer).setOnCancelHandler(solveCancelled::countDown);
                    }
                })
                .build().start();
        client = BuildKitClient.over(Dialers.buildkitd(new EngineEndpoint(
                URI.create("tcp://127.0.0.1:" + daemon.getPort()), null, "the builder parameter", List.of())));
    }

    @AfterEach
    void stopDaemon() throws InterruptedException {
        client.close();
        daemon.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aQuietStepGetsALineNamingItAndAnInterruptCancelsTheSolveAndSaysSo() throws Exception {
        CountDownLatch reminded = new CountDownLatch(1);
        RecordingListener lines = new RecordingListener(line -> {
            if (line.startsWith("Still waiting") && line.contains(STEP)) {
                reminded.countDown();
            }
        });
        GrpcImageBuilder builder = new GrpcImageBuilder(client, lines, Duration.ofMillis(300));
        BuildRequest request = BuildRequest.builder(() -> new ByteArrayInputStream(new byte[0])).tag("acme/pg:1")
                .buildId("pgimage-test-7").build();
        AtomicReference<Thread> caller = new AtomicReference<>();
        CompletableFuture<GrpcImageBuilder.Solved> solve = CompletableFuture.supplyAsync(() -> {
            caller.set(Thread.currentThread());
            return builder.solve(request, "session-1", false, GrpcImageBuilder.Export.engine(false));
        });

        assertTrue(reminded.await(30, TimeUnit.SECONDS), lines.lines.toString());
        String where = "BuildKit at tcp://127.0.0.1:" + daemon.getPort();
        assertTrue(lines.lines.contains("INFO " + STEP), lines.lines.toString());
        assertTrue(lines.lines.stream().anyMatch(line -> line.matches("INFO Still waiting: " + java.util.regex.Pattern.quote(where)
                + " has sent nothing about the build for \\d+ s; waiting for \\Q" + STEP + "\\E to finish")),
                lines.lines.toString());

        caller.get().interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> solve.get(30, TimeUnit.SECONDS));

        BuildCancelledException cancelled = assertInstanceOf(BuildCancelledException.class, e.getCause());
        assertEquals("The image build was interrupted and cancelled on " + where + " (build pgimage-test-7); no tag"
                + " was changed.", cancelled.getMessage());
        assertTrue(lines.lines.contains("WARN Cancelled build pgimage-test-7 on " + where), lines.lines.toString());
        assertTrue(solveCancelled.await(10, TimeUnit.SECONDS), "BuildKit saw the solve cancelled");
    }
}
