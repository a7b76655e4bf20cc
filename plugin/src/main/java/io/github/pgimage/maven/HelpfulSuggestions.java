package io.github.pgimage.maven;

import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.AbstractMojoExecutionException;

import io.github.pgimage.core.ImageNotFoundException;
import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.OfflineException;
import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.BuildCancelledException;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.container.DatabaseStartException;
import io.github.pgimage.core.context.ContextException;
import io.github.pgimage.core.plan.InvalidProjectException;
import io.github.pgimage.core.registry.CredentialLookupException;
import io.github.pgimage.core.registry.PushFailedException;
import io.github.pgimage.core.registry.RegistryAuthException;
import io.github.pgimage.core.session.SecretException;
import io.github.pgimage.core.session.SecretMasker;

/**
 * Turns the core's errors into Maven's, in Maven's words: the core names the {@link Setting} at fault and its value,
 * this class names the plugin parameter and user property that set it and adds what a Maven user does about it.
 * Every goal goes through here, so one user error ends the same way from every goal: a
 * {@link MojoFailureException} (BUILD FAILURE: the project, its configuration or the image is at fault) or a
 * {@link MojoExecutionException} (BUILD ERROR: the engine or the machine could not do what was asked).
 */
final class HelpfulSuggestions {

    /** How each setting is written in a pom or on the command line. */
    private static final Map<Setting, String> PARAMETERS = Map.ofEntries(
            Map.entry(Setting.IMAGE, "<image> (-Dpostgres-image.image)"),
            Map.entry(Setting.TAGS, "<tags>"),
            Map.entry(Setting.BASE_IMAGE, "<baseImage> (-Dpostgres-image.baseImage)"),
            Map.entry(Setting.RUN_AS_USER, "<runAsUser>"),
            Map.entry(Setting.IMAGE_ENV, "<env>"),
            Map.entry(Setting.IMAGE_LABELS, "<labels>"),
            Map.entry(Setting.BUILD_ARGS, "<buildArgs>"),
            Map.entry(Setting.EXPOSED_PORTS, "<exposedPorts>"),
            Map.entry(Setting.IMAGE_VOLUMES, "<volumes>"),
            Map.entry(Setting.STOP_SIGNAL, "<stopSignal>"),
            Map.entry(Setting.CACHE_FROM, "<cacheFrom> (-Dpostgres-image.cacheFrom)"),
            Map.entry(Setting.CACHE_TO, "<cacheTo> (-Dpostgres-image.cacheTo)"),
            Map.entry(Setting.PROVENANCE, "<provenance> (-Dpostgres-image.provenance)"),
            Map.entry(Setting.SBOM, "<sbom> (-Dpostgres-image.sbom)"),
            Map.entry(Setting.INLINE_CACHE, "<inlineCache> (-Dpostgres-image.inlineCache)"),
            Map.entry(Setting.SOURCE_DIRECTORY, "<sourceDirectory> (-Dpostgres-image.sourceDirectory)"),
            Map.entry(Setting.SHARED_DIRECTORIES, "<sharedDirectories>"),
            Map.entry(Setting.ENGINE_ADDRESS, "<dockerHost> (-Dpostgres-image.dockerHost) or DOCKER_HOST"),
            Map.entry(Setting.SOURCE_DATE_EPOCH, "the environment variable SOURCE_DATE_EPOCH"),
            Map.entry(Setting.OUTPUT_TIMESTAMP, "the property project.build.outputTimestamp"),
            Map.entry(Setting.PULL, "<pull> (-Dpostgres-image.pull)"),
            Map.entry(Setting.BUILD_SECRETS, "<secrets>"),
            Map.entry(Setting.REGISTRY_LOGINS, "the registry logins (settings.xml <server>, Docker's config.json)"),
            Map.entry(Setting.PUSH_ATTEMPTS, "<pushAttempts> (-Dpostgres-image.pushAttempts)"),
            Map.entry(Setting.START_IMAGE, "<image> (-Dpostgres-image.image)"),
            Map.entry(Setting.USERNAME, "<username> (-Dpostgres-image.username)"),
            Map.entry(Setting.PASSWORD, "<password> (-Dpostgres-image.password)"),
            Map.entry(Setting.DATABASE, "<database> (-Dpostgres-image.database)"),
            Map.entry(Setting.CONTAINER_ENV, "<startEnv>"),
            Map.entry(Setting.CONTAINER_COMMAND, "<startArgs>"),
            Map.entry(Setting.CONTAINER_PORT, "<containerPort> (-Dpostgres-image.containerPort)"),
            Map.entry(Setting.HOST_PORT, "<hostPort> (-Dpostgres-image.hostPort)"),
            Map.entry(Setting.DATA_VOLUME, "<volume> (-Dpostgres-image.volume)"),
            Map.entry(Setting.DATA_DIRECTORY, "the first entry of <volumes>"),
            Map.entry(Setting.BUILDER, "<builder> (-Dpostgres-image.builder)"),
            Map.entry(Setting.BUILDKIT_HOST, "the environment variable BUILDKIT_HOST (<builder> wins over it)"),
            Map.entry(Setting.PLATFORMS, "<platforms> (-Dpostgres-image.platforms)"),
            Map.entry(Setting.ARCHIVE, "<archive> (-Dpostgres-image.archive)"),
            Map.entry(Setting.LOAD, "<load> (-Dpostgres-image.load)"),
            Map.entry(Setting.PUSH, "<push> (-Dpostgres-image.push)"),
            Map.entry(Setting.BUILDER_CERTIFICATES, "<builderCertPath> (-Dpostgres-image.builderCertPath)"),
            Map.entry(Setting.REBUILD_FROM, "<rebuildFrom> (-Dpostgres-image.rebuildFrom)"),
            Map.entry(Setting.START_TIMEOUT, "<startTimeout> (-Dpostgres-image.startTimeout)"),
            Map.entry(Setting.LOCK_TIMEOUT, "<lockTimeout> (-Dpostgres-image.lockTimeout)"),
            Map.entry(Setting.ANSWER_TIMEOUT, "<answerTimeout> (-Dpostgres-image.answerTimeout)"));

    private final String goal;
    private final SecretMasker masker;

    /**
     * @param goal   the goal reporting, e.g. {@code push}
     * @param masker hides every secret and password the goal holds; applied to every message
     */
    HelpfulSuggestions(String goal, SecretMasker masker) {
        this.goal = goal;
        this.masker = masker;
    }

    /** How the plugin's documentation writes {@code setting}. */
    static String parameter(Setting setting) {
        return PARAMETERS.getOrDefault(setting, setting.name());
    }

    /** The Maven error for a core error, its message in the plugin's words. */
    AbstractMojoExecutionException forError(PgImageException e) {
        String message = masker.mask(describe(e));
        return isUserError(e) ? new MojoFailureException(message, e) : new MojoExecutionException(message, e);
    }

    /** What the user must change (project, configuration, image, credentials) rather than the machine. */
    static boolean isUserError(PgImageException e) {
        return e instanceof InvalidSettingException || e instanceof InvalidProjectException
                || e instanceof ContextException || e instanceof SecretException
                || e instanceof BuildFailedException || e instanceof BuildCancelledException
                || e instanceof PushFailedException || e instanceof CredentialLookupException
                || e instanceof DatabaseStartException || e instanceof ImageNotFoundException;
    }

    private String describe(PgImageException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof InvalidProjectException invalid) {
            return invalid.describe(HelpfulSuggestions::parameter);
        }
        if (e instanceof OfflineException offline) {
            Setting setting = offline.setting().orElseThrow();
            return (goal.equals("push") && setting == Setting.PUSH ? "postgres-image:push" : parameter(setting)) + ": "
                    + message + " (Maven runs offline: -o on the command line, or <offline>true</offline> in"
                    + " settings.xml)";
        }
        if (e instanceof InvalidSettingException invalid) {
            return parameter(invalid.setting().orElseThrow()) + ": " + message;
        }
        if (e instanceof ImageNotFoundException) {
            return message + switch (goal) {
                case "push" -> " The build goal (postgres-image:build, bound to the package phase) makes it.";
                case "start" -> " Run postgres-image:build first, or set " + parameter(Setting.START_IMAGE)
                        + " to an image the engine has.";
                default -> "";
            };
        }
        if (e instanceof RegistryAuthException auth && !auth.loginFound()) {
            return message + "\nOr add a <server> in ~/.m2/settings.xml with <id>" + auth.registryHost()
                    + "</id>, <username> and <password> (encrypt the password with mvn --encrypt-password).";
        }
        if (e instanceof BuildCancelledException) {
            return "The build was cancelled: " + message;
        }
        if (e instanceof SecretException) {
            return parameter(Setting.BUILD_SECRETS) + ": " + message;
        }
        return e.setting().map(setting -> switch (setting) {
            case ENGINE_ADDRESS -> message + " The engine is chosen by " + parameter(setting) + ".";
            case START_TIMEOUT -> message + " (" + parameter(setting) + " is " + e.value().orElse("?")
                    + " s; raise it if the database needs longer to start)";
            case LOCK_TIMEOUT -> message + " (" + parameter(setting) + " is " + e.value().orElse("?") + " s).";
            case ANSWER_TIMEOUT -> message + ". Check that the engine runs and answers (docker version), or raise "
                    + parameter(setting) + ", now " + e.value().orElse("?") + " s, if it is only slow.";
            default -> message;
        }).orElse(message);
    }
}
