package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.grpc.BuilderSelection.Door;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineVersion;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which door to an engine's BuildKit a build takes, for each engine generation and setting. */
class BuilderSelectionTest {
    private static final EngineVersion DOCKER_20 = new EngineVersion("20.10.24", "1.41");
    private static final EngineVersion DOCKER_29_2 = new EngineVersion("29.2.0", "1.53");
    private static final EngineVersion DOCKER_18_09 = new EngineVersion("18.09.9", "1.39");

    /** A fake engine: the doors it answers on, and every door the selection asked about. */
    private static final class FakeEngine implements BuilderSelection.Probe {
        final Map<Door, String> refusals;
        final List<Door> asked = new ArrayList<>();

        FakeEngine(Map<Door, String> refusals) {
            this.refusals = refusals;
        }

        @Override
        public Optional<String> failure(Door door) {
            asked.add(door);
            return Optional.ofNullable(refusals.get(door));
        }
    }

    @Test
    void autoOnAnApi153EngineSpeaksGrpcOnItsSocket() throws EngineException {
        FakeEngine engine = new FakeEngine(Map.of());
        assertEquals(Door.ENGINE_SOCKET, BuilderSelection.choose(BuilderSetting.AUTO, DOCKER_29_2, engine).door());
        assertEquals(List.of(Door.ENGINE_SOCKET), engine.asked);
    }

    @Test
    void anApi153EngineWhoseSocketDoesNotSpeakGrpcFallsBackToTheUpgrade() throws EngineException {
        FakeEngine engine = new FakeEngine(Map.of(Door.ENGINE_SOCKET, "HTTP/1.1 400 Bad Request"));
        BuilderSelection.Choice choice = BuilderSelection.choose(BuilderSetting.AUTO, DOCKER_29_2, engine);
        assertEquals(Door.GRPC_UPGRADE, choice.door());
        assertEquals(List.of("gRPC on the engine's socket: HTTP/1.1 400 Bad Request"), choice.tried());
    }

    @Test
    void autoOnEngine2010UsesTheGrpcUpgradeWithoutTryingTheSocket() throws EngineException {
        FakeEngine engine = new FakeEngine(Map.of());
        assertEquals(Door.GRPC_UPGRADE, BuilderSelection.choose(BuilderSetting.AUTO, DOCKER_20, engine).door());
        assertEquals(List.of(Door.GRPC_UPGRADE), engine.asked);
    }

    @Test
    void anEngineWithoutGrpcGetsTheBuildApiUnderAuto() throws EngineException {
        // Podman announces API 1.41 and answers 404 on /grpc
        FakeEngine podman = new FakeEngine(Map.of(Door.GRPC_UPGRADE, "The engine refused BuildKit's gRPC API (HTTP/1.1 404 Not Found)"));
        BuilderSelection.Choice choice = BuilderSelection.choose(BuilderSetting.AUTO, DOCKER_20, podman);
        assertEquals(Door.BUILD_API, choice.door());
        assertEquals(1, choice.tried().size());
    }

    @Test
    void anEngineOlderThanApi140IsNotAskedAboutGrpc() throws EngineException {
        FakeEngine engine = new FakeEngine(Map.of());
        assertEquals(Door.BUILD_API, BuilderSelection.choose(BuilderSetting.AUTO, DOCKER_18_09, engine).door());
        assertEquals(List.of(), engine.asked);
    }

    @Test
    void grpcForcedOnAnEngineWithoutItFailsNamingWhatWasTried() {
        FakeEngine podman = new FakeEngine(Map.of(Door.GRPC_UPGRADE, "HTTP/1.1 404 Not Found"));
        EngineException e = assertThrows(EngineException.class,
                () -> BuilderSelection.choose(BuilderSetting.parse("grpc", null), DOCKER_20, podman));
        assertTrue(e.getMessage().contains("gRPC over POST /grpc: HTTP/1.1 404 Not Found"), e.getMessage());
        assertTrue(e.getMessage().contains("use auto or build-api"), e.getMessage());
        assertEquals(Optional.of(Setting.BUILDER), e.setting());
    }

    @Test
    void buildApiForcedAsksNothing() throws EngineException {
        FakeEngine engine = new FakeEngine(Map.of());
        assertEquals(Door.BUILD_API, BuilderSelection.choose(BuilderSetting.parse("build-api", null), DOCKER_29_2, engine).door());
        assertEquals(List.of(), engine.asked);
    }

    @Test
    void builderValuesParse() {
        assertEquals(BuilderSetting.Mode.AUTO, BuilderSetting.parse(null, null).mode());
        assertEquals(BuilderSetting.Mode.AUTO, BuilderSetting.parse(" Auto ", null).mode());
        BuilderSetting tcp = BuilderSetting.parse("tcp://127.0.0.1:1234", Path.of("/certs"));
        assertEquals(BuilderSetting.Mode.DAEMON, tcp.mode());
        assertEquals(Path.of("/certs"), tcp.certPath());
        assertEquals("unix:///run/buildkit/buildkitd.sock",
                BuilderSetting.parse("unix:///run/buildkit/buildkitd.sock", null).daemon().toString());
    }

    @Test
    void badBuilderValuesAreNamedWithWhatIsAccepted() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> BuilderSetting.parse("buildx", null));
        assertEquals(Optional.of(Setting.BUILDER), e.setting());
        assertTrue(e.getMessage().contains("'buildx'") && e.getMessage().contains("tcp://host:port"), e.getMessage());
        assertThrows(InvalidSettingException.class, () -> BuilderSetting.parse("tcp://nohost", null));
        InvalidSettingException certs = assertThrows(InvalidSettingException.class,
                () -> BuilderSetting.parse("auto", Path.of("/certs")));
        assertEquals(Optional.of(Setting.BUILDER_CERTIFICATES), certs.setting());
        assertEquals(Optional.of("/certs"), certs.value());
    }

    @Test
    void buildkitHostIsTheBuilderWhenTheParameterIsNotSet() {
        Map<String, String> env = Map.of("BUILDKIT_HOST", "tcp://buildkitd.example.org:1234");

        BuilderSetting fromEnv = BuilderSetting.resolve(null, Path.of("/certs"), env);
        assertEquals(BuilderSetting.Mode.DAEMON, fromEnv.mode());
        assertEquals("tcp://buildkitd.example.org:1234", fromEnv.daemon().toString());
        assertEquals(Path.of("/certs"), fromEnv.certPath(), "builderCertPath goes with BUILDKIT_HOST's tcp:// address");
        assertEquals("BUILDKIT_HOST=tcp://buildkitd.example.org:1234 (the builder parameter is not set)", fromEnv.reason());
        assertEquals("BUILDKIT_HOST", fromEnv.source());
        assertEquals(fromEnv, BuilderSetting.resolve(" ", Path.of("/certs"), env), "a blank parameter is not set");

        BuilderSetting parameter = BuilderSetting.resolve("unix:///run/buildkit/buildkitd.sock", null, env);
        assertEquals("builder=unix:///run/buildkit/buildkitd.sock", parameter.reason(), "the parameter wins");
        assertEquals("the builder parameter", parameter.source());
        assertEquals(BuilderSetting.Mode.AUTO, BuilderSetting.resolve("auto", null, env).mode(),
                "an explicit auto ignores BUILDKIT_HOST");
        assertEquals(BuilderSetting.Mode.AUTO, BuilderSetting.resolve(null, null, Map.of()).mode());
        assertEquals(BuilderSetting.Mode.AUTO, BuilderSetting.resolve(null, null, Map.of("BUILDKIT_HOST", "")).mode());
    }

    @Test
    void aBuildkitHostThePluginCannotReachIsNamedAsTheEnvironmentVariable() {
        InvalidSettingException helper = assertThrows(InvalidSettingException.class, () -> BuilderSetting.resolve(null,
                null, Map.of("BUILDKIT_HOST", "docker-container://buildx_buildkit_default")));
        assertEquals(Optional.of(Setting.BUILDKIT_HOST), helper.setting());
        assertEquals(Optional.of("docker-container://buildx_buildkit_default"), helper.value());
        assertTrue(helper.getMessage().contains("unix:///path/buildkitd.sock or tcp://host:port")
                && helper.getMessage().contains("set builder"), helper.getMessage());

        InvalidSettingException certs = assertThrows(InvalidSettingException.class, () -> BuilderSetting.resolve(null,
                Path.of("/certs"), Map.of("BUILDKIT_HOST", "unix:///run/buildkit/buildkitd.sock")));
        assertEquals(Optional.of(Setting.BUILDER_CERTIFICATES), certs.setting());
        assertTrue(certs.getMessage().contains("(from BUILDKIT_HOST) is a socket file"), certs.getMessage());
    }
}
