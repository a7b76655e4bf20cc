package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.grpc.BuildKitClient;
import io.github.pgimage.core.buildkit.grpc.BuilderSelection;
import io.github.pgimage.core.buildkit.grpc.BuilderSelection.Door;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.buildkit.grpc.Dialers;
import io.github.pgimage.core.buildkit.grpc.GrpcImageBuilder;
import io.github.pgimage.core.buildkit.grpc.proto.WorkerRecord;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.image.Platform;
import io.github.pgimage.core.session.BuildSession;
import io.github.pgimage.core.session.SessionTransport;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The BuildKit a build talks to, chosen once per build from the {@code builder} setting: the engine's gRPC API
 * (on its socket or through {@code POST /grpc}), the engine's {@code POST /build}, or a standalone daemon.
 */
final class BuilderConnection implements AutoCloseable {
    static final String SNAPSHOTTER_LABEL = "org.mobyproject.buildkit.worker.snapshotter";
    private static final String MOBY_LABEL_PREFIX = "org.mobyproject.buildkit.worker.moby.";

    private final BuilderInfo info;
    private final BuildKitClient client;
    private final SessionTransport sessions;
    private final GrpcImageBuilder.Export export;
    private final boolean engineStore;
    private final List<String> tried;
    private final List<Platform> platforms;

    private BuilderConnection(BuilderInfo info, BuildKitClient client, SessionTransport sessions,
                              GrpcImageBuilder.Export export, boolean engineStore, List<String> tried,
                              List<WorkerRecord> workers) {
        this.platforms = platformsOf(workers);
        this.info = info;
        this.client = client;
        this.sessions = sessions;
        this.export = export;
        this.engineStore = engineStore;
        this.tried = tried;
    }

    /** The engine's BuildKit, through the door {@code setting} and the engine allow. */
    static BuilderConnection ofEngine(BuilderSetting setting, EngineGateway engine) throws EngineException {
        EngineEndpoint endpoint = engine.endpoint();
        Map<Door, BuildKitClient> answered = new EnumMap<>(Door.class);
        Map<Door, List<WorkerRecord>> workers = new EnumMap<>(Door.class);
        BuilderSelection.Choice choice;
        try {
            choice = BuilderSelection.choose(setting, engine.version(), door -> {
                BuildKitClient candidate = null;
                try {
                    candidate = BuildKitClient.over(door == Door.ENGINE_SOCKET
                            ? Dialers.engineSocket(endpoint) : Dialers.engineUpgrade(engine));
                    workers.put(door, candidate.workers());
                    answered.put(door, candidate);
                    return Optional.empty();
                } catch (EngineException e) {
                    if (candidate != null) {
                        candidate.close();
                    }
                    return Optional.of(e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            answered.values().forEach(BuildKitClient::close);
            throw e;
        }
        if (choice.door() == Door.BUILD_API) {
            answered.values().forEach(BuildKitClient::close);
            return new BuilderConnection(null, null, null, null, true, choice.tried(), List.of());
        }
        BuildKitClient client = answered.remove(choice.door());
        answered.values().forEach(BuildKitClient::close);
        try {
            boolean containerd = hasSnapshotterLabel(workers.get(choice.door()));
            String version = client.version(workers.get(choice.door())).filter(BuilderConnection::known)
                    .or(() -> BuilderInfo.embeddedBuildKit(engine.version())).orElse("unknown");
            // As buildx does on an engine: sessions on POST /session where the engine has it; inside
            // Control/Session where gRPC is spoken on the socket (API 1.53 deprecates /session).
            SessionTransport sessions = choice.door() == Door.GRPC_UPGRADE
                    ? BuildSession.overSessionEndpoint(engine) : client.sessions();
            String via = choice.door() == Door.GRPC_UPGRADE ? "POST /grpc" : "engine socket";
            return new BuilderConnection(new BuilderInfo(BuilderInfo.Api.GRPC, version, store(containerd), via),
                    client, sessions, GrpcImageBuilder.Export.engine(containerd), true, choice.tried(),
                    workers.get(choice.door()));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * A standalone BuildKit daemon. When it is an engine's own BuildKit (its worker is moby's), the image goes into
     * that engine's store as on the engine's doors; else it stays in the daemon's image store under the tags.
     */
    static BuilderConnection ofDaemon(BuilderSetting setting, List<ImageReference> references) throws EngineException {
        EngineEndpoint address = new EngineEndpoint(setting.daemon(), setting.certPath(), setting.source(),
                List.of(setting.reason()));
        BuildKitClient client = BuildKitClient.over(Dialers.buildkitd(address));
        try {
            List<WorkerRecord> workers = client.workers();
            String version = client.version(workers).filter(BuilderConnection::known).orElse("unknown");
            boolean moby = workers.stream().anyMatch(w -> w.getID().equals("moby")
                    || w.getLabelsMap().keySet().stream().anyMatch(k -> k.startsWith(MOBY_LABEL_PREFIX)));
            String via = setting.daemon().toString();
            if (moby) {
                boolean containerd = hasSnapshotterLabel(workers);
                return new BuilderConnection(new BuilderInfo(BuilderInfo.Api.GRPC, version, store(containerd), via),
                        client, client.sessions(), GrpcImageBuilder.Export.engine(containerd), true, List.of(), workers);
            }
            GrpcImageBuilder.Export export = new GrpcImageBuilder.Export("image", Map.of("name",
                    references.stream().map(ImageReference::toString).collect(java.util.stream.Collectors.joining(","))));
            return new BuilderConnection(new BuilderInfo(BuilderInfo.Api.GRPC, version, BuilderInfo.Store.BUILDKIT, via),
                    client, client.sessions(),
                    export, false, List.of(), workers);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The gRPC doors that did not answer, each with why. */
    List<String> tried() {
        return tried;
    }

    boolean grpc() {
        return client != null;
    }

    BuilderInfo info() {
        return info;
    }

    BuildKitClient client() {
        return client;
    }

    SessionTransport sessions() {
        return sessions;
    }

    GrpcImageBuilder.Export export() {
        return export;
    }


    /**
     * The platforms BuildKit's workers can run steps for, the native one first (as ListWorkers lists them: the
     * emulated ones appear once QEMU's handlers are registered); empty on the engine's {@code POST /build}.
     */
    List<Platform> platforms() {
        return platforms;
    }


    private static List<Platform> platformsOf(List<WorkerRecord> workers) {
        List<Platform> platforms = new java.util.ArrayList<>();
        if (workers != null) {
            for (WorkerRecord worker : workers) {
                for (io.github.pgimage.core.buildkit.grpc.proto.Platform p : worker.getPlatformsList()) {
                    Platform platform = Platform.of(p.getOS(), p.getArchitecture(), p.getVariant());
                    if (!platforms.contains(platform)) {
                        platforms.add(platform);
                    }
                }
            }
        }
        return List.copyOf(platforms);
    }

    /** The image lands in the engine's store and is tagged there; else the daemon named it itself. */
    boolean engineStore() {
        return engineStore;
    }

    /** Distribution builds (Debian's docker.io) leave BuildKit's version unstamped: {@code v0.0.0+unknown}. */
    private static boolean known(String version) {
        return !version.isBlank() && !version.startsWith("v0.0.0");
    }

    private static BuilderInfo.Store store(boolean containerd) {
        return containerd ? BuilderInfo.Store.CONTAINERD : BuilderInfo.Store.ENGINE;
    }

    /** Buildx's test for the containerd image store: the engine's worker names a snapshotter. */
    static boolean hasSnapshotterLabel(List<WorkerRecord> workers) {
        return workers != null && workers.stream().anyMatch(w -> w.getLabelsMap().containsKey(SNAPSHOTTER_LABEL));
    }


    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
