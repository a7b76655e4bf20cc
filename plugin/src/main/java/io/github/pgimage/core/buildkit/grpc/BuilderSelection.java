package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.Setting;

import io.github.pgimage.core.engine.EngineCapabilities;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the door to an engine's BuildKit. Engine API 1.53+ speaks gRPC on its socket; 1.40+ upgrades
 * {@code POST /grpc} to it; every BuildKit engine (1.39+) has {@code /build}. Each gRPC door is probed
 * (a {@code ListWorkers} call) before it is chosen, since an engine may announce an API version and still
 * lack it (Podman answers API 1.41 without {@code /grpc}); {@code auto} falls back to {@code /build},
 * {@code grpc} fails naming what was tried.
 */
public final class BuilderSelection {
    static final String MIN_GRPC_UPGRADE_API = "1.40";
    static final String MIN_NATIVE_GRPC_API = "1.53";

    /** How the engine's BuildKit is reached. */
    public enum Door {
        /** gRPC spoken directly on the engine's socket (API 1.53+); sessions ride in Control/Session. */
        ENGINE_SOCKET,
        /** {@code POST /grpc} upgraded to h2c; sessions on {@code POST /session}, as buildx does. */
        GRPC_UPGRADE,
        /** The engine's {@code POST /build?version=2}. */
        BUILD_API
    }

    /** Asks the engine whether a gRPC door answers; empty when it does, else why not. */
    @FunctionalInterface
    public interface Probe {
        Optional<String> failure(Door door);
    }

    /**
     * @param door  what was chosen
     * @param tried the doors that did not answer, each with why (empty when the first choice answered)
     */
    public record Choice(Door door, List<String> tried) {
        public Choice {
            tried = List.copyOf(tried);
        }
    }

    private BuilderSelection() {
    }

    /**
     * @param setting {@code auto}, {@code grpc} or {@code build-api}; a daemon address never reaches here
     * @throws EngineException {@code grpc} was asked for and no gRPC door answered
     */
    public static Choice choose(BuilderSetting setting, EngineVersion engine, Probe probe) throws EngineException {
        if (setting.mode() == BuilderSetting.Mode.BUILD_API) {
            return new Choice(Door.BUILD_API, List.of());
        }
        if (setting.mode() == BuilderSetting.Mode.DAEMON) {
            throw new IllegalArgumentException("a BuildKit daemon address is not an engine door: " + setting);
        }
        List<String> tried = new ArrayList<>();
        List<Door> candidates = new ArrayList<>();
        if (atLeast(engine.apiVersion(), MIN_NATIVE_GRPC_API)) {
            candidates.add(Door.ENGINE_SOCKET);
        }
        if (atLeast(engine.apiVersion(), MIN_GRPC_UPGRADE_API)) {
            candidates.add(Door.GRPC_UPGRADE);
        } else {
            tried.add("BuildKit's gRPC API needs Engine API " + MIN_GRPC_UPGRADE_API + " (Docker 19.03) or newer; this engine has "
                    + engine.apiVersion());
        }
        for (Door door : candidates) {
            Optional<String> failure = probe.failure(door);
            if (failure.isEmpty()) {
                return new Choice(door, tried);
            }
            tried.add(describe(door) + ": " + failure.get());
        }
        if (setting.mode() == BuilderSetting.Mode.GRPC) {
            throw new EngineException("BuildKit's gRPC API was asked for, but the engine (Docker " + engine.version()
                    + ", API " + engine.apiVersion() + ") offers none: " + String.join("; ", tried)
                    + " -> use auto or build-api as the builder, or a newer engine", Setting.BUILDER, setting.toString(), null);
        }
        return new Choice(Door.BUILD_API, tried);
    }

    public static String describe(Door door) {
        return switch (door) {
            case ENGINE_SOCKET -> "gRPC on the engine's socket";
            case GRPC_UPGRADE -> "gRPC over POST /grpc";
            case BUILD_API -> "POST /build";
        };
    }

    private static boolean atLeast(String actual, String required) {
        return EngineCapabilities.atLeast(actual, required);
    }
}
