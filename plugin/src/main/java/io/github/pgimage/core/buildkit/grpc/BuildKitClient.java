package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.buildkit.grpc.proto.ControlGrpc;
import io.github.pgimage.core.buildkit.grpc.proto.InfoRequest;
import io.github.pgimage.core.buildkit.grpc.proto.ListWorkersRequest;
import io.github.pgimage.core.buildkit.grpc.proto.WorkerRecord;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.session.SessionTransport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A client of BuildKit's {@code moby.buildkit.v1.Control} service, over any {@link Dialer}: the engine's
 * {@code /grpc}, gRPC on the engine's socket, or a standalone buildkitd.
 */
public final class BuildKitClient implements AutoCloseable {
    /** Questions about the daemon (workers, version) answer at once; a daemon that does not is unusable. */
    private static final long QUESTION_SECONDS = 20;

    private final ControlChannel channel;
    private final Dialer dialer;

    private BuildKitClient(ControlChannel channel, Dialer dialer) {
        this.channel = channel;
        this.dialer = dialer;
    }

    /** Nothing is dialed until the first call. */
    public static BuildKitClient over(Dialer dialer) throws EngineException {
        try {
            return new BuildKitClient(ControlChannel.open(dialer), dialer);
        } catch (IOException e) {
            throw new EngineException("Cannot reach BuildKit at " + dialer.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Where the daemon is, for messages. */
    public String describe() {
        return dialer.describe();
    }

    /** The daemon's workers: their labels name the executor and the image store, and their platforms. */
    public List<WorkerRecord> workers() throws EngineException {
        try {
            return blocking().listWorkers(ListWorkersRequest.getDefaultInstance()).getRecordList();
        } catch (StatusRuntimeException e) {
            throw failure("ListWorkers", e);
        }
    }

    /**
     * BuildKit's version ({@code v0.25.1}), from {@code Info} (BuildKit v0.11+), else from a worker record;
     * empty when the daemon is older and says neither.
     *
     * @param workers what {@link #workers()} answered, so that it is not asked twice
     */
    public Optional<String> version(List<WorkerRecord> workers) throws EngineException {
        try {
            String version = blocking().info(InfoRequest.getDefaultInstance()).getBuildkitVersion().getVersion();
            if (!version.isBlank()) {
                return Optional.of(version);
            }
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw failure("Info", e);
            }
        }
        return workers.stream().map(w -> w.getBuildkitVersion().getVersion()).filter(v -> !v.isBlank()).findFirst();
    }

    /** Sessions inside {@code Control/Session}, for daemons without the engine's {@code /session}. */
    public SessionTransport sessions() {
        return ControlSession.over(ControlGrpc.newStub(channel.channel()));
    }

    /** The asynchronous stub, for Solve and Status. */
    ControlGrpc.ControlStub stub() {
        return ControlGrpc.newStub(channel.channel());
    }

    private ControlGrpc.ControlBlockingStub blocking() {
        return ControlGrpc.newBlockingStub(channel.channel()).withDeadlineAfter(QUESTION_SECONDS, TimeUnit.SECONDS);
    }

    /** gRPC says only "UNAVAILABLE"; the dial failure says why (no /grpc, refused certificate, nothing listening). */
    EngineException failure(String call, StatusRuntimeException e) {
        String why = channel.lastDialFailure()
                .map(Throwable::getMessage)
                .orElseGet(() -> e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
                        : ": " + e.getStatus().getDescription()));
        return new EngineException("BuildKit at " + dialer.describe() + " did not answer " + call + ": " + why, e);
    }

    @Override
    public void close() {
        channel.close();
    }
}
