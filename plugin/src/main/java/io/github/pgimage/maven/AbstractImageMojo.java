package io.github.pgimage.maven;

import java.io.File;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.output.OutputLock;
import io.github.pgimage.core.output.SourceDate;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.plan.CacheInvalidation;
import io.github.pgimage.core.plan.CacheRule;
import io.github.pgimage.core.plan.FileMode;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.plan.InvalidProjectException;
import io.github.pgimage.core.plan.ProjectLayout;
import io.github.pgimage.core.plan.ProjectNote;
import io.github.pgimage.core.plan.ProjectProblem;
import io.github.pgimage.core.registry.CredentialLookupException;
import io.github.pgimage.core.registry.RegistryLogins;
import io.github.pgimage.core.session.SecretMasker;
import io.github.pgimage.core.session.SecretSource;
import io.github.pgimage.core.session.SecretStore;

/**
 * Parameters shared by every goal (the reference's "Parameters"). Goals read them, call the core library and turn its
 * typed exceptions into Maven errors; no image logic lives here.
 */
public abstract class AbstractImageMojo extends AbstractMojo {

    /** The namespace of the project properties goals set for the build's tests: the image, where the database is. */
    static final String PROPERTY_PREFIX = "postgres-image.";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Skips every goal of this plugin. */
    @Parameter(property = "postgres-image.skip", defaultValue = "false")
    protected boolean skip;

    /** The image name and tag to build. */
    @Parameter(property = "postgres-image.image", defaultValue = "${project.artifactId}:${project.version}")
    protected String image;

    /** Extra tags, each a full reference or a tag for the image's repository. */
    @Parameter
    protected List<String> tags = new ArrayList<>();

    /** The image the setup stage starts from. */
    @Parameter(property = "postgres-image.baseImage", defaultValue = ImageSettings.DEFAULT_BASE_IMAGE)
    protected String baseImage;

    /** The folder with setup/, config/, entrypoint.d/ (the image layout). */
    @Parameter(property = "postgres-image.sourceDirectory", defaultValue = "${project.basedir}")
    protected File sourceDirectory;

    /** Where the Dockerfile, context.tar, the report and the id files are written. */
    @Parameter(defaultValue = "${project.build.directory}/postgres-image", readonly = true)
    protected File outputDirectory;

    /** The user the container runs as. */
    @Parameter(defaultValue = ImageSettings.DEFAULT_USER)
    protected String runAsUser;

    /** Environment of the image (ENV). */
    @Parameter
    protected Map<String, String> env = new LinkedHashMap<>();

    /** Labels of the image (LABEL); a standard label set here wins over the one from the pom. */
    @Parameter
    protected Map<String, String> labels = new LinkedHashMap<>();

    /**
     * Adds the standard {@code org.opencontainers.image.*} labels from the pom ({@code title}, {@code description},
     * {@code version}, {@code source}, {@code url}, {@code licenses}), the work tree's Git commit ({@code revision})
     * and the reproducible build's time ({@code created}) to those of {@code labels} that do not set them.
     */
    @Parameter(property = "postgres-image.standardLabels", defaultValue = "true")
    protected boolean standardLabels = true;

    /**
     * Maven's reproducible-builds timestamp (an ISO-8601 date and time, or seconds since 1970): the context's file
     * times, the image's creation time (BuildKit 0.11+) and its {@code created} label, unless the environment
     * variable {@code SOURCE_DATE_EPOCH} is set, which keeps priority.
     */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    protected String outputTimestamp;

    /**
     * Build arguments, visible to setup and builder scripts as environment variables; each is declared just before
     * the first step whose script (or setup/lib) names it, so a changed value reruns only the steps from there on.
     */
    @Parameter
    protected Map<String, String> buildArgs = new LinkedHashMap<>();

    /** Ports the image exposes. */
    @Parameter
    protected List<String> exposedPorts;

    /** Volumes of the image. */
    @Parameter
    protected List<String> volumes;

    /** Signal that stops the container; SIGINT is PostgreSQL's fast shutdown. */
    @Parameter(defaultValue = ImageSettings.DEFAULT_STOP_SIGNAL)
    protected String stopSignal;

    /** Adds a HEALTHCHECK running pg_isready. */
    @Parameter(defaultValue = "true")
    protected boolean healthcheck;

    /** Setup steps get BuildKit cache mounts for /var/cache/apt and /var/lib/apt/lists. */
    @Parameter(defaultValue = "true")
    protected boolean aptCache;

    /** Build secrets, mounted at /run/secrets/&lt;id&gt; in the setup steps that name them. */
    @Parameter
    protected List<Secret> secrets = new ArrayList<>();

    /**
     * Mode and owner of files of the entrypoint layer (Git keeps neither):
     * {@code <fileMode><path>config/server.key</path><mode>0600</mode><owner>postgres</owner></fileMode>}.
     * The owner defaults to {@code runAsUser}.
     */
    @Parameter
    protected List<FileModeParameter> fileModes = new ArrayList<>();

    /**
     * Folders with the same layout as {@code sourceDirectory} (e.g. {@code ../shared} holding {@code setup/lib/} and
     * {@code entrypoint.d/lib/}) whose files count as this module's own: image modules of one reactor share helper
     * scripts this way, and links may point into them.
     */
    @Parameter
    protected List<File> sharedDirectories = new ArrayList<>();

    /**
     * Steps that rerun although their files did not change:
     * {@code <cacheRule><step>03</step><every>P7D</every></cacheRule>} (a new period, counted from 1970, reruns it)
     * or {@code <cacheRule><step>04</step><value>${pg.minor}</value></cacheRule>} (a changed value reruns it).
     * The step and every step after it rerun; the steps before it stay cached.
     */
    @Parameter
    protected List<CacheRuleParameter> cacheRules = new ArrayList<>();

    /** The instant period rules are counted at (ISO-8601, e.g. 2026-11-30T00:00:00Z); default: now. */
    @Parameter(property = "postgres-image.cacheClock")
    protected String cacheClock;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    protected MojoExecution mojoExecution;

    /** The engine: {@code unix:///var/run/docker.sock}, {@code tcp://host:2376}; else DOCKER_HOST, the Docker context, the default socket. */
    @Parameter(property = "postgres-image.dockerHost")
    protected String dockerHost;

    /**
     * Seconds the engine (or a BuildKit daemon) may take to begin answering a request before the goal fails with an
     * error naming its address; meanwhile the goal says every 30 s what it waits for. An engine that accepts
     * connections and then says nothing (frozen, overloaded, or not an engine at all) would otherwise hold the build
     * forever. Streams the engine has begun (a build's steps, a push) are not cut short.
     */
    @Parameter(property = "postgres-image.answerTimeout", defaultValue = "120")
    protected int answerTimeout = 120;

    @Parameter(defaultValue = "${settings}", readonly = true)
    protected Settings settings;

    /**
     * Seconds a goal that writes {@code target/postgres-image/} waits for another build of the same module (another
     * terminal, an IDE) to finish with it before failing; 0 fails at once.
     */
    @Parameter(property = "postgres-image.lockTimeout", defaultValue = "600")
    protected int lockTimeout;

    @Component
    protected SettingsDecrypter decrypter;

    protected abstract void executeGoal() throws MojoExecutionException, MojoFailureException;

    /** When this goal began, Maven's start-up and the mojo's configuration excluded: its own time counts from here. */
    private long goalStarted;

    /** The goal's own time so far: planning, checks, engine, build, report; what the benchmarks compare. */
    protected long goalMillis() {
        return (System.nanoTime() - goalStarted) / 1_000_000;
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        goalStarted = System.nanoTime();
        if (skip) {
            getLog().info("Skipping postgres-image (postgres-image.skip=true)");
            return;
        }
        Optional<String> skippedBy = skippedBy();
        if (skippedBy.isPresent()) {
            getLog().info("Skipping postgres-image:" + goal() + " (" + skippedBy.get() + ")");
            return;
        }
        if (!ProjectLayout.isPresentIn(sourceDirectory.toPath()) && (invokedFromCommandLine()
                || "pom".equals(project.getPackaging()))) {
            // `mvn postgres-image:build` at a reactor's root reaches the aggregator and modules without an image.
            getLog().info("Skipping " + project.getArtifactId() + ": " + sourceDirectory
                    + " has no image layout (no setup/, entrypoint.d/ or entrypoint.sh)");
            return;
        }
        executeGoal();
    }

    /** The setting that skips this goal this time, besides {@code skip}: {@code skipPush=true}, {@code skipITs=true}. */
    protected Optional<String> skippedBy() {
        return Optional.empty();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private Instant clock() {
        if (cacheClock == null || cacheClock.isBlank()) {
            return Instant.now();
        }
        try {
            return Instant.parse(cacheClock.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("<cacheClock> / -Dpostgres-image.cacheClock: '" + cacheClock
                    + "' is not an instant such as 2026-11-30T00:00:00Z");
        }
    }

    private boolean invokedFromCommandLine() {
        return mojoExecution != null && mojoExecution.getSource() == MojoExecution.Source.CLI;
    }

    protected ImageSettings settings() {
        List<CacheRule> rules = new ArrayList<>();
        for (CacheRuleParameter r : cacheRules) {
            rules.add(new CacheRule(r.getStep() == null ? "" : r.getStep(), blankToNull(r.getEvery()), r.getValue()));
        }
        List<FileMode> modes = new ArrayList<>();
        for (FileModeParameter f : fileModes) {
            modes.add(new FileMode(f.getPath() == null ? "" : f.getPath().replace('\\', '/'),
                    f.getMode() == null ? "" : f.getMode(), f.getOwner()));
        }
        List<String> secretIds = new ArrayList<>();
        for (Secret secret : secrets) {
            secretIds.add(secret.getId() == null ? "" : secret.getId());
        }
        return ImageSettings.builder()
                .baseImage(baseImage)
                .runAsUser(runAsUser)
                .env(env)
                .labels(standardLabels && project != null
                        ? ProjectLabels.of(project, SourceDate.of(environment()).orElse(null)).under(labels) : labels)
                .buildArgNames(new ArrayList<>(buildArgs.keySet()))
                .exposedPorts(exposedPorts == null ? List.of(ImageSettings.DEFAULT_PORT) : exposedPorts)
                .volumes(volumes == null ? List.of(ImageSettings.DEFAULT_VOLUME) : volumes)
                .stopSignal(stopSignal)
                .healthcheck(healthcheck)
                .aptCache(aptCache)
                .secretIds(secretIds)
                .fileModes(modes)
                .invalidation(new CacheInvalidation(rules, clock(), Map.of()))
                .build();
    }

    /**
     * This process's environment, with {@code SOURCE_DATE_EPOCH} from {@code outputTimestamp} when it has none: what
     * the context's and the image's times are read from.
     *
     * @throws io.github.pgimage.core.InvalidSettingException when {@code outputTimestamp} is not a time
     */
    protected Map<String, String> environment() {
        return SourceDate.environment(System.getenv(), outputTimestamp);
    }

    /** Whether Maven runs offline ({@code -o}, or {@code <offline>} in settings.xml). */
    protected boolean offline() {
        return settings != null && settings.isOffline();
    }

    /** This goal's execution id: {@code default} in a pom without one, {@code default-cli} on the command line. */
    protected String executionId() {
        return mojoExecution == null ? "default" : mojoExecution.getExecutionId();
    }

    /**
     * Sets {@code postgres-image.<name>} and {@code postgres-image.<execution id>.<name>} as project properties, for the
     * tests (failsafe's {@code <systemPropertyVariables>}) and the plugins after this goal; a second execution of the
     * goal sets the plain names again, while its own names stay apart.
     */
    protected void exportProperties(Map<String, String> properties) {
        properties.forEach((name, value) -> {
            project.getProperties().setProperty(PROPERTY_PREFIX + name, value);
            project.getProperties().setProperty(PROPERTY_PREFIX + executionId() + "." + name, value);
        });
    }

    /** Plans the image, reporting every project problem at once as a build failure (not an internal error). */
    protected ImagePlan plan() throws MojoFailureException, MojoExecutionException {
        try {
            ImagePlan plan = new ImagePlanner().plan(sourceDirectory.toPath(),
                    sharedDirectories.stream().map(File::toPath).toList(), settings());
            for (ProjectNote note : plan.notes()) {
                getLog().info(note.toString());
            }
            for (ProjectProblem warning : plan.warnings()) {
                getLog().warn(warning.describe(HelpfulSuggestions::parameter));
            }
            return plan;
        } catch (InvalidProjectException e) {
            String described = new HelpfulSuggestions(goal(), SecretMasker.of(List.of())).forError(e).getMessage();
            throw new MojoFailureException(described + (fileModes.isEmpty() ? ""
                    : "\n(modes and owners are declared in <fileModes>)") + (cacheRules.isEmpty() ? ""
                    : "\n(cache rules are declared in <cacheRules>)"), e);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (PgImageException e) {
            throw failure(e, SecretMasker.of(List.of()));
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** {@code image} and every extra tag as full references, the image first; a bad one fails naming the parameter. */
    protected List<ImageReference> references() throws MojoFailureException, MojoExecutionException {
        try {
            return ImageReference.imageAndTags(image, tags);
        } catch (PgImageException e) {
            throw failure(e, SecretMasker.of(List.of()));
        }
    }

    /**
     * A core error as this goal's Maven error (see {@link HelpfulSuggestions}): BUILD FAILURE for what the user
     * fixes in the project or its configuration (thrown here), BUILD ERROR for what the engine or machine could
     * not do (returned, for the caller to throw: {@code throw failure(e, masker);}).
     */
    protected MojoExecutionException failure(PgImageException e, SecretMasker masker) throws MojoFailureException {
        var error = new HelpfulSuggestions(goal(), masker).forError(e);
        if (error instanceof MojoFailureException userError) {
            throw userError;
        }
        return (MojoExecutionException) error;
    }

    /** A core error in the plugin's words, for a goal that reports it and goes on (watch after a failed build). */
    protected String describe(PgImageException e, SecretMasker masker) {
        return new HelpfulSuggestions(goal(), masker).forError(e).getMessage();
    }

    /** The goal's name, for goal-specific advice: {@code BuildMojo} runs {@code build}. */
    private String goal() {
        String name = getClass().getSimpleName();
        return (name.endsWith("Mojo") ? name.substring(0, name.length() - 4) : name).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Registry logins in the order push documents (settings.xml servers, Docker config auths, credential helpers),
     * shared by push and by the build's base-image pulls, with a masker for every password they hold. Nothing is
     * looked up until a push or the engine asks for a login.
     */
    protected RegistryAccess registryAccess() throws MojoFailureException {
        SettingsRegistryServers.Loaded servers = SettingsRegistryServers.load(settings, decrypter);
        return new RegistryAccess(RegistryLogins.standard(servers.servers(), System.getenv(),
                Path.of(System.getProperty("user.home"))), List.copyOf(servers.passwords()));
    }

    /** Logins, and the settings.xml passwords among them that the log must never show. */
    protected record RegistryAccess(RegistryLogins logins, List<String> passwords) {
        SecretMasker masker() {
            return SecretMasker.of(passwords);
        }
    }

    /** Reads every declared secret before anything is built, so that a missing one fails fast. */
    protected SecretStore loadSecrets() throws MojoFailureException, MojoExecutionException {
        List<SecretSource> sources = new ArrayList<>();
        for (Secret secret : secrets) {
            if (secret.getId() == null || secret.getId().isBlank()) {
                throw new MojoFailureException("<secrets>: a <secret> has no <id>; scripts read it as /run/secrets/<id>");
            }
            if ((secret.getFile() == null) == (secret.getEnv() == null || secret.getEnv().isBlank())) {
                throw new MojoFailureException("<secrets>: secret '" + secret.getId()
                        + "' needs exactly one of <file> and <env>");
            }
        }
        try {
            for (Secret secret : secrets) {
                sources.add(secret.getFile() != null
                        ? SecretSource.file(secret.getId(), secret.getFile().toPath())
                        : SecretSource.env(secret.getId(), secret.getEnv()));
            }
            return SecretStore.load(sources);
        } catch (PgImageException e) {
            throw failure(e, SecretMasker.of(List.of()));
        }
    }

    protected Path outputDirectory() {
        return outputDirectory.toPath();
    }

    /**
     * Holds {@code target/postgres-image/} for this goal: another build of the module waits (or fails after
     * {@code lockTimeout}) instead of mixing its files with this one's; what an interrupted run left there is removed.
     */
    protected OutputLock lockOutput() throws MojoExecutionException, MojoFailureException {
        if (lockTimeout < 0) {
            throw failure(new InvalidSettingException(Setting.LOCK_TIMEOUT, Integer.toString(lockTimeout),
                    "must be 0 or more seconds, not " + lockTimeout), SecretMasker.of(List.of()));
        }
        String holder = "postgres-image:" + goal() + (mojoExecution == null ? ""
                : ", execution " + mojoExecution.getExecutionId());
        try {
            return OutputLock.acquire(outputDirectory(), holder, Duration.ofSeconds(lockTimeout), getLog()::info);
        } catch (PgImageException e) {
            throw failure(e, SecretMasker.of(List.of()));
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("Interrupted while waiting for " + outputDirectory(), e);
        }
    }
}
