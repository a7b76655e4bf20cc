package io.github.pgimage.core.engine;

import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.buildkit.SampleProject;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.container.BuildLabel;
import io.github.pgimage.core.container.DatabaseSpec;
import io.github.pgimage.core.container.DatabaseStartException;
import io.github.pgimage.core.container.DatabaseStarter;
import io.github.pgimage.core.container.PublishedAddress;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.imagebuild.ImageBuild;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.session.SecretSource;
import io.github.pgimage.core.session.SecretStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ssh://} engine addresses, as {@code docker -H ssh://…} uses them: a private sshd on 127.0.0.1
 * ({@link TestSshd}) in front of this machine's engine, the system's ssh client logging in with a key the test made
 * and running {@code docker system dial-stdio} there. Every kind of engine request goes through it: plain requests,
 * a streamed build, the {@code POST /session} upgrade (a secret served to a step), the {@code POST /grpc} upgrade
 * (BuildKit's gRPC API), a container's life; and every way it fails is named with ssh's own words.
 */
class SshEngineIT {
    @TempDir
    static Path work;
    private static TestSshd sshd;
    /** The socket of the engine the tests run against, which the remote CLI dials. */
    private static String engineSocket;

    @BeforeAll
    static void startSshd() throws Exception {
        EngineEndpoint local = TestEngine.shared().endpoint();
        if (!"unix".equals(local.host().getScheme())) {
            throw new IllegalStateException("SshEngineIT reaches the test engine's socket through ssh: it needs a"
                    + " unix:// engine, not " + local.host());
        }
        engineSocket = local.host().getPath();
        sshd = TestSshd.start(work.resolve("sshd"));
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void buildsThroughSshWithASessionAndThroughBuildKitsGrpcApi() throws Exception {
        String token = "token-" + UUID.randomUUID();
        SecretStore secrets = SecretStore.load(List.of(SecretSource.env("repo_token", "REPO_TOKEN")),
                Map.of("REPO_TOKEN", token)::get);
        Path project = project("secret-checked");
        String tag = "pgimage-it/ssh-engine:" + UUID.randomUUID().toString().substring(0, 8);
        URI address = sshd.address(engineSocket);
        EngineGateway direct = TestEngine.shared();
        try {
            for (String door : List.of("build-api", "grpc")) {
                LinesListener lines = new LinesListener();
                ImageBuild.Outcome outcome = ImageBuild.builder(work.resolve("out-" + door),
                                List.of(ImageReference.parse(tag)))
                        .environment(Map.of())
                        .dockerHost(address.toString())
                        .locator(locator(sshd.client(true)))
                        .secrets(secrets)
                        .builder(BuilderSetting.parse(door, null))
                        .build()
                        .run(plan(project), lines);

                assertEquals(address, outcome.endpoint().host());
                assertEquals(Optional.of(outcome.result().imageId()), direct.imageId(tag), door);
                assertEquals(door.equals("grpc") ? "POST /grpc" : "POST /build", outcome.builder().via(), door);
                assertEquals(door.equals("grpc") ? BuilderInfo.Api.GRPC : BuilderInfo.Api.BUILD_API,
                        outcome.builder().api());
                assertTrue(lines.all().contains("Engine " + address + " from dockerHost parameter"), lines.all());
                assertTrue(!lines.all().contains(token), "the secret reached the log");
            }
        } finally {
            direct.removeImage(tag);
        }
    }

    @Test
    void containersAreStartedReadAndRemovedThroughSsh() throws Exception {
        EngineEndpoint endpoint = locator(sshd.client(true)).locate(sshd.address(engineSocket).toString());
        BuildLabel label = new BuildLabel("it.pgimage:ssh-engine@" + UUID.randomUUID());
        List<String> lines = new ArrayList<>();
        try (EngineGateway engine = EngineGateway.connect(endpoint)) {
            DatabaseSpec spec = DatabaseSpec.builder("debian:bookworm-slim").password("pw-" + UUID.randomUUID())
                    .command(List.of("sh", "-c", "echo 'over ssh: no PostgreSQL here' >&2; exit 3"))
                    .startTimeout(Duration.ofSeconds(60)).build();
            DatabaseStartException e = assertThrows(DatabaseStartException.class, () -> new DatabaseStarter(engine,
                    PublishedAddress.forEndpoint(endpoint), lines::add).start(spec, label));

            assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
            assertTrue(e.containerLog().contains("over ssh: no PostgreSQL here"), e.containerLog());
            assertEquals(List.of(), engine.containersLabelled(BuildLabel.KEY, label.value()), "removed again");
        }
    }

    @Test
    void aRefusedLoginIsNamedWithSshsWordsInsteadOfPrompting() throws Exception {
        SshClient stranger = new SshClient(List.of("ssh", "-F", sshd.otherConfig().toString()), null);
        URI address = sshd.address(engineSocket);

        EngineUnavailableException e = assertThrows(EngineUnavailableException.class,
                () -> EngineGateway.connect(locator(stranger).locate(address.toString())));

        assertTrue(e.getMessage().startsWith("No Docker engine answered at " + address + " (from dockerHost parameter):"
                + " ssh to " + address + " ended with exit code 255: "), e.getMessage());
        assertTrue(e.getMessage().contains("Permission denied (publickey)"), e.getMessage());
        assertTrue(e.getMessage().contains("BatchMode=yes"), "the command line is named: " + e.getMessage());
    }

    @Test
    void aRemoteEngineThatIsNotThereIsNamedWithTheRemoteCliesWords() throws Exception {
        URI address = sshd.address(work.resolve("no-engine-here.sock").toString());

        EngineUnavailableException e = assertThrows(EngineUnavailableException.class,
                () -> EngineGateway.connect(locator(sshd.client(false)).locate(address.toString())));

        assertTrue(e.getMessage().contains("ssh to " + address + " ended with exit code 1: "), e.getMessage());
        assertTrue(e.getMessage().contains("no-engine-here.sock") && e.getMessage().contains("the remote docker CLI"
                + " could not reach its engine"), e.getMessage());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a reader the watch did not free fails here
    void aSilentEngineBehindSshIsGivenUpOnAfterTheAnswerTimeoutAndItsSshEnds() throws Exception {
        Path silent = work.resolve("silent.sock");
        try (ServerSocketChannel frozen = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            frozen.bind(UnixDomainSocketAddress.of(silent)); // accepts into the backlog, never answers
            EngineLocator patient = locator(sshd.client(false))
                    .withPatience(new Patience(Duration.ofSeconds(3), line -> { }));
            URI address = sshd.address(silent.toString());

            long started = System.nanoTime();
            EngineTimeoutException e = assertThrows(EngineTimeoutException.class,
                    () -> EngineGateway.connect(patient.locate(address.toString())));
            long took = System.nanoTime() - started;

            assertTrue(e.getMessage().startsWith("The engine at " + address + " (from dockerHost parameter) accepted"
                    + " the connection but sent no answer to GET /version within 3 s"), e.getMessage());
            assertTrue(took < Duration.ofSeconds(10).toNanos(), took + " ns");
            // the request's ssh was ended when the watch gave up (SIGTERM: gone within moments)
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (sshFor(silent) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(!sshFor(silent), "the ssh of the request was ended");
        }
    }

    @Test
    void anSshClientThatIsNotInstalledIsNamed() throws Exception {
        SshClient missing = new SshClient(List.of(work.resolve("no-ssh-here").toString()), null);
        URI address = sshd.address(engineSocket);

        EngineUnavailableException e = assertThrows(EngineUnavailableException.class,
                () -> EngineGateway.connect(locator(missing).locate(address.toString())));

        assertTrue(e.getMessage().contains("cannot run the ssh client '" + work.resolve("no-ssh-here") + "' for "
                + address), e.getMessage());
        assertTrue(e.getMessage().contains("needs OpenSSH's client on the PATH"), e.getMessage());
    }

    /** Whether an ssh this JVM started for an address naming {@code socket} still runs. */
    private static boolean sshFor(Path socket) {
        return ProcessHandle.current().descendants().anyMatch(p -> p.isAlive()
                && p.info().command().orElse("").endsWith("/ssh")
                && String.join(" ", p.info().arguments().orElse(new String[0])).contains(socket.toString()));
    }

    private static EngineLocator locator(SshClient ssh) {
        return new EngineLocator(Map.of(), work).withSsh(ssh);
    }

    private static ImagePlan plan(Path project) throws Exception {
        return new ImagePlanner().plan(project, ImageSettings.builder().runAsUser("root").aptCache(false)
                .secretIds(List.of("repo_token")).build());
    }

    /** One setup step that checks the secret reached it (by its length) and a runtime script. */
    private static Path project(String name) throws Exception {
        return SampleProject.layout(work.resolve(name), Map.of(
                "setup/scripts/01-secret.sh", "#!/bin/sh\nset -eu\ntest -s /run/secrets/repo_token\n"
                        + "echo \"secret read over ssh " + UUID.randomUUID() + "\"\n",
                "entrypoint.d/scripts/10-hello.sh", "#!/bin/sh\necho hello\n"));
    }
}
