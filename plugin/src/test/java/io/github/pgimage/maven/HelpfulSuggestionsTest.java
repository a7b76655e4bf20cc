package io.github.pgimage.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.ImageNotFoundException;
import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.container.DatabaseSpec;
import io.github.pgimage.core.engine.EngineCapabilities;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineTimeoutException;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.output.ImageFiles;
import io.github.pgimage.core.output.SourceDate;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.imagebuild.OfflineCheck;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.plan.InvalidProjectException;
import io.github.pgimage.core.registry.RegistryAuthException;
import io.github.pgimage.core.session.SecretMasker;
import io.github.pgimage.core.session.content.LocalCacheException;
import io.github.pgimage.core.session.content.LocalCaches;

/** Core errors in Maven's words, and the same Maven outcome for the same user error from every goal. */
class HelpfulSuggestionsTest {
    private static final List<String> GOALS = List.of("dockerfile", "context", "build", "push", "start", "stop");

    @Test
    void aBadSourceDateEpochIsABuildFailureFromEveryGoal() {
        PgImageException e = assertThrows(PgImageException.class,
                () -> ImageFiles.mtime(Map.of("SOURCE_DATE_EPOCH", "yesterday")));
        for (String goal : GOALS) {
            MojoFailureException failure = assertInstanceOf(MojoFailureException.class, suggestions(goal).forError(e), goal);
            assertEquals("the environment variable SOURCE_DATE_EPOCH: SOURCE_DATE_EPOCH='yesterday' is not a number of"
                    + " seconds since 1970; unset it or set it to e.g. $(git log -1 --format=%ct)", failure.getMessage());
        }
    }

    @Test
    void aSourceDateEpochBefore1970IsABuildFailureFromEveryGoal() {
        PgImageException e = assertThrows(PgImageException.class, () -> ImageFiles.mtime(Map.of("SOURCE_DATE_EPOCH", "-1")));
        for (String goal : GOALS) {
            MojoFailureException failure = assertInstanceOf(MojoFailureException.class, suggestions(goal).forError(e), goal);
            assertTrue(failure.getMessage().contains("SOURCE_DATE_EPOCH='-1' is before 1970"), failure.getMessage());
        }
    }

    @Test
    void anOutputTimestampThatIsNoTimeNamesMavensProperty() {
        PgImageException e = assertThrows(PgImageException.class,
                () -> SourceDate.environment(Map.of(), "yesterday"));
        for (String goal : GOALS) {
            MojoFailureException failure = assertInstanceOf(MojoFailureException.class, suggestions(goal).forError(e), goal);
            assertEquals("the property project.build.outputTimestamp: 'yesterday' is neither an ISO-8601 date and time"
                    + " with an offset (2024-05-01T12:00:00Z) nor whole seconds since 1970", failure.getMessage());
        }
    }

    @Test
    void offlineRefusalsNameTheSettingAndMavensOfflineMode() {
        List<ImageReference> image = List.of(ImageReference.parse("localhost:5000/acme/pg:16"));
        PgImageException byBuild = OfflineCheck.pushRefused(image, "Build without push.");

        assertEquals("<push> (-Dpostgres-image.push): pushing localhost:5000/acme/pg:16 needs the registry"
                + " localhost:5000, and the build runs offline. Build without push. (Maven runs offline: -o on the"
                + " command line, or <offline>true</offline> in settings.xml)",
                assertInstanceOf(MojoFailureException.class, suggestions("build").forError(byBuild)).getMessage());
        // the push goal has no <push>: the goal itself asked
        assertTrue(suggestions("push").forError(OfflineCheck.pushRefused(image, "Push when online.")).getMessage()
                .startsWith("postgres-image:push: pushing localhost:5000/acme/pg:16 needs the registry"));
    }

    @Test
    void anEngineThatCannotBeReachedIsABuildErrorFromEveryGoal() {
        EngineException e = new EngineException("No Docker engine answered at unix:///x.sock");
        for (String goal : GOALS) {
            assertInstanceOf(MojoExecutionException.class, suggestions(goal).forError(e), goal);
        }
    }

    @Test
    void anEngineThatNeverAnswersIsABuildErrorThatSaysHowToWaitLonger() {
        EngineTimeoutException e = new EngineTimeoutException("The engine at unix:///x.sock (from DOCKER_HOST) accepted"
                + " the connection but sent no answer to GET /version within 120 s", 120);
        for (String goal : GOALS) {
            MojoExecutionException error = assertInstanceOf(MojoExecutionException.class, suggestions(goal).forError(e));
            assertTrue(error.getMessage().endsWith("within 120 s. Check that the engine runs and answers (docker"
                    + " version), or raise <answerTimeout> (-Dpostgres-image.answerTimeout), now 120 s, if it is only slow."),
                    error.getMessage());
        }
    }

    @Test
    void anAnswerTimeoutBelowOneSecondNamesTheParameter() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> EngineAccess.locator(0, new org.apache.maven.plugin.logging.SystemStreamLog(), SecretMasker.of(List.of())));
        assertEquals("<answerTimeout> (-Dpostgres-image.answerTimeout): must be at least 1 (seconds), not 0",
                suggestions("start").forError(e).getMessage());
    }

    @Test
    void aSettingsValueNamesTheParameterAndProperty() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> DatabaseSpec.builder("img").password("pw").hostPort(70000).build());
        assertEquals("<hostPort> (-Dpostgres-image.hostPort): a port is between 0 and 65535, not 70000",
                suggestions("start").forError(e).getMessage());
    }

    @Test
    void aFolderThatIsNotALocalCacheNamesTheCacheFromParameter(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("notes.txt"), "not a cache");
        String spec = "type=local,src=" + folder;
        PgImageException e = assertThrows(LocalCacheException.class, () -> LocalCaches.prepare(
                List.of(CacheSpec.parseImport(spec)), List.of(), ProgressListener.SILENT));

        MojoFailureException failure = assertInstanceOf(MojoFailureException.class, suggestions("build").forError(e));
        assertTrue(failure.getMessage().startsWith("<cacheFrom> (-Dpostgres-image.cacheFrom): Not a BuildKit cache folder: "
                + folder + " has no index.json"), failure.getMessage());
    }

    @Test
    void anEngineTooOldSaysWhichParameterChoosesAnother() {
        EngineEndpoint endpoint = new EngineEndpoint(URI.create("tcp://old:2375"), null, "DOCKER_HOST", List.of());
        EngineException e = assertThrows(EngineException.class,
                () -> EngineCapabilities.of(new EngineVersion("18.06", "1.38")).requireBuildKit(endpoint));
        String message = suggestions("build").forError(e).getMessage();
        assertTrue(message.endsWith("Upgrade the engine, or choose a newer one. The engine is chosen by <dockerHost>"
                + " (-Dpostgres-image.dockerHost) or DOCKER_HOST."), message);
    }

    @Test
    void aMissingImageSaysHowEachGoalGetsOne() {
        ImageNotFoundException e = new ImageNotFoundException("acme/pg:1");
        assertEquals("The engine has no image acme/pg:1; build it first. The build goal (postgres-image:build, bound to"
                + " the package phase) makes it.", suggestions("push").forError(e).getMessage());
        assertEquals("The engine has no image acme/pg:1; build it first. Run postgres-image:build first, or set <image>"
                + " (-Dpostgres-image.image) to an image the engine has.", suggestions("start").forError(e).getMessage());
    }

    @Test
    void noLoginAnywhereAddsHowAMavenUserAddsOne() {
        RegistryAuthException e = new RegistryAuthException("The registry localhost:5000 requires a login.",
                "localhost:5000", false);
        String message = suggestions("push").forError(e).getMessage();
        assertTrue(message.endsWith("\nOr add a <server> in ~/.m2/settings.xml with <id>localhost:5000</id>, <username>"
                + " and <password> (encrypt the password with mvn --encrypt-password)."), message);
    }

    @Test
    void badImageSettingsAreABuildFailureFromEveryGoalNamingTheParameters(@TempDir Path project) throws IOException {
        Path script = project.resolve("setup/scripts/01-install.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\ntrue\n");
        InvalidProjectException e = assertThrows(InvalidProjectException.class, () -> new ImagePlanner().plan(project,
                ImageSettings.builder().exposedPorts(List.of("postgres")).stopSignal("stop now").build()));
        for (String goal : GOALS) {
            MojoFailureException failure = assertInstanceOf(MojoFailureException.class, suggestions(goal).forError(e), goal);
            assertTrue(failure.getMessage().contains("\n  - <exposedPorts>: 'postgres' is not a port -> use a number"),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("\n  - <stopSignal>: 'stop now' is not a signal"), failure.getMessage());
        }
    }

    @Test
    void aBadBuilderSettingNamesTheParameter() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> BuilderSetting.parse("grpc", Path.of("/certs")));
        String message = assertInstanceOf(MojoFailureException.class, suggestions("build").forError(e)).getMessage();
        assertTrue(message.startsWith("<builderCertPath> (-Dpostgres-image.builderCertPath): certificates are only used"
                + " with a tcp:// BuildKit daemon"), message);
    }

    @Test
    void everyMessageIsMasked() {
        PgImageException e = new PgImageException("the step printed s3cret");
        assertEquals("the step printed ****",
                new HelpfulSuggestions("build", SecretMasker.of(List.of("s3cret"))).forError(e).getMessage());
    }

    private static HelpfulSuggestions suggestions(String goal) {
        return new HelpfulSuggestions(goal, SecretMasker.of(List.of()));
    }
}
