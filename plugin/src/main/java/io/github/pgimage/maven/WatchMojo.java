package io.github.pgimage.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.imagebuild.ImageBuild;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.container.BuildLabel;
import io.github.pgimage.core.container.DatabaseSpec;
import io.github.pgimage.core.container.DatabaseStartException;
import io.github.pgimage.core.container.DatabaseStarter;
import io.github.pgimage.core.container.LabelledResources;
import io.github.pgimage.core.container.Passwords;
import io.github.pgimage.core.container.PublishedAddress;
import io.github.pgimage.core.container.RunningDatabase;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.output.OutputLock;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.session.SecretMasker;
import io.github.pgimage.core.session.SecretStore;
import io.github.pgimage.core.watch.SourceWatcher;

/**
 * The entrypoint development loop: builds the image, runs it like {@code start}, prints how to connect and streams
 * the container's log; then, on every edit below {@code sourceDirectory}, plans, validates and rebuilds in the same
 * JVM and replaces the container on the same host port, keeping the data in a volume (watch's own unless
 * {@code volume} names one). A validation or build error is printed and the running container kept until the next
 * edit. Ctrl-C removes what watch created; a killed watch is cleaned up by the next {@code watch} (the same execution
 * label) or {@code mvn postgres-image:stop}.
 */
@Mojo(name = "watch", threadSafe = true)
public class WatchMojo extends StartMojo {

    /** How long the source tree must be quiet after an edit before the rebuild starts (edits in bursts count once). */
    @Parameter(property = "postgres-image.watchQuietMillis", defaultValue = "300")
    protected int watchQuietMillis;

    /**
     * Start every replacement container with an empty data directory instead of keeping the data (and skipping
     * initdb) in watch's own volume.
     */
    @Parameter(property = "postgres-image.watchFreshData", defaultValue = "false")
    protected boolean watchFreshData;

    private BuildLabel watchLabel;

    /** The password file watch writes, for {@code psql} and other clients (never logged). */
    static final String PASSWORD_FILE = "watch.password";

    /** A development loop, not a test's database: it runs whatever the test switches say. */
    @Override
    protected Optional<String> skippedBy() {
        return Optional.empty();
    }

    @Override
    protected void executeGoal() throws MojoExecutionException, MojoFailureException {
        BuildLabel label = executionLabel();
        watchLabel = label;
        String credential = password == null || password.isEmpty() ? Passwords.generate() : password;
        List<ImageReference> references = references();
        SecretStore secrets = loadSecrets();
        RegistryAccess registries = registryAccess();
        SecretMasker masker = secrets.masker().with(registries.passwords()).with(List.of(credential));
        EngineLocator locator;
        EngineEndpoint endpoint;
        try {
            locator = EngineAccess.locator(answerTimeout, getLog(), masker);
            endpoint = locator.locate(dockerHost);
        } catch (PgImageException e) {
            throw failure(e, masker);
        }
        Path passwordFile = writePassword(credential);
        // one builder connection for every rebuild: a gRPC door's channel and ListWorkers are paid once
        try (ImageBuild.Connected build = ImageBuild.builder(outputDirectory(), references)
                .buildArgs(buildArgs)
                .environment(environment())
                .offline(offline())
                .dockerHost(dockerHost)
                .locator(locator)
                .logins(registries.logins())
                .secrets(secrets)
                .build()
                .open();
             EngineGateway engine = EngineGateway.connect(endpoint);
             SourceWatcher watcher = new SourceWatcher(sourceDirectory.toPath(), Duration.ofMillis(watchQuietMillis))) {
            DatabaseStarter starter = new DatabaseStarter(engine, PublishedAddress.forEndpoint(endpoint),
                    line -> getLog().info(masker.mask(line)));
            Session session = new Session(engine, label, masker);
            Thread cleanup = new Thread(session::removeAll, "pgimage-watch-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                round(build, starter, session, credential, passwordFile, masker, label);
                while (true) {
                    getLog().info("Watching " + sourceDirectory + " for edits; Ctrl-C stops and removes the container");
                    Set<String> changed = watcher.awaitChange();
                    getLog().info("Changed: " + String.join(", ", changed));
                    round(build, starter, session, credential, passwordFile, masker, label);
                }
            } finally {
                session.removeAll();
                removeShutdownHook(cleanup);
            }
        } catch (PgImageException e) {
            throw failure(e, masker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("watch was interrupted", e);
        } finally {
            secrets.clear();
        }
    }

    /**
     * One round of the loop: plan, build, and start the new image in place of the running container. A failure of
     * the project, the build or the new container is printed; the loop goes on with the next edit.
     */
    private void round(ImageBuild.Connected build, DatabaseStarter starter, Session session, String credential, Path passwordFile,
                       SecretMasker masker, BuildLabel label)
            throws MojoExecutionException, MojoFailureException, InterruptedException {
        long started = System.nanoTime();
        String imageId = buildOnce(build, masker);
        if (imageId == null) {
            if (session.running != null) {
                getLog().warn("The container of the last good image keeps running; waiting for the next edit");
            }
            return;
        }
        boolean replacing = session.running != null;
        boolean first = session.port == 0;
        try {
            // after the first start, the database keeps its port: a connection reopened after an edit finds it
            RunningDatabase running = first
                    ? starter.start(databaseSpec(imageId, credential), label)
                    : starter.replace(replacing ? session.stopFollowing() : null, databaseSpec(imageId, credential),
                    label, session.port);
            session.port = running.port();
            session.show(running, passwordFile, replacing);
            getLog().info(String.format(Locale.ROOT, "%s to SQL answering: %.1f s", replacing ? "Edit" : "Start",
                    (System.nanoTime() - started) / 1e9));
        } catch (DatabaseStartException e) {
            session.running = null;
            printContainerLog(e.containerLog(), masker);
            getLog().error(masker.mask(new HelpfulSuggestions("watch", masker).forError(e).getMessage()));
        }
    }

    /**
     * Like start's, with a data volume of watch's own unless {@code volume} names one or fresh data is asked for:
     * the replaced containers keep the database (no initdb at each edit); it is labelled, so Ctrl-C removes it.
     */
    @Override
    protected DatabaseSpec databaseSpec(String image, String password) {
        DatabaseSpec spec = super.databaseSpec(image, password);
        if (spec.volume() != null || watchFreshData) {
            return spec;
        }
        String name = "pgimage-watch-" + watchLabel.value().replaceAll("[^a-zA-Z0-9_.-]", "-");
        return new DatabaseSpec(spec.image(), spec.username(), spec.password(), spec.database(), spec.env(),
                spec.command(), spec.containerPort(), spec.hostPort(), name, spec.dataDirectory(), spec.startTimeout());
    }

    /**
     * Plans and builds, with target/postgres-image/ held (the report is the core's, as {@code build}'s, so the next
     * build compares with its inputs); an invalid project or a failed build is printed and answered with null.
     */
    private String buildOnce(ImageBuild.Connected build, SecretMasker masker) throws MojoExecutionException, MojoFailureException {
        try (OutputLock lock = lockOutput()) {
            long started = System.nanoTime(); // the round's own time: planning included, as the build goal counts it
            ImagePlan plan = plan();
            ImageBuild.Outcome outcome = build.run(plan, new MavenProgressListener(getLog(), masker));
            BuildReports.logReruns(getLog(), outcome.report());
            getLog().info(String.format(Locale.ROOT, "Built %s in %.2f s: %d of %d steps cached",
                    outcome.result().imageId(), (System.nanoTime() - started) / 1e9, outcome.result().stepsCached(),
                    outcome.result().steps().size()));
            getLog().info(BuildReports.pageLine(project == null ? null : project.getBasedir(), outputDirectory()));
            return outcome.result().imageId();
        } catch (MojoFailureException e) {
            getLog().error(e.getMessage());
            return null;
        } catch (PgImageException e) {
            if (!HelpfulSuggestions.isUserError(e)) {
                throw failure(e, masker); // the engine or the machine: watching on cannot help
            }
            getLog().error(describe(e, masker));
            if (e instanceof BuildFailedException) {
                getLog().info(BuildReports.pageLine(project == null ? null : project.getBasedir(), outputDirectory()));
            }
            return null;
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** A command line to paste into a POSIX shell: every word quoted as the shell needs (a user or path with spaces). */
    static String psqlCommand(RunningDatabase database, Path passwordFile) {
        return "PGPASSWORD=\"$(cat " + ShellWords.quote(passwordFile.toString()) + ")\" psql -h "
                + ShellWords.quote(database.host()) + " -p " + database.port() + " -U "
                + ShellWords.quote(database.username()) + " " + ShellWords.quote(database.database());
    }

    private Path writePassword(String credential) throws MojoExecutionException {
        Path file = outputDirectory().resolve(PASSWORD_FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, credential, StandardCharsets.UTF_8);
            return file;
        } catch (IOException | UnsupportedOperationException e) {
            throw new MojoExecutionException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) and removes the container
        }
    }

    /** The container watch runs now, its log stream, and the cleanup of everything watch created. */
    private final class Session {
        private final EngineGateway engine;
        private final BuildLabel label;
        private final SecretMasker masker;
        private volatile RunningDatabase running;
        /** The host port of the last container that answered; 0 until one did. */
        private volatile int port;
        private volatile AutoCloseable following;
        private boolean removed;

        Session(EngineGateway engine, BuildLabel label, SecretMasker masker) {
            this.engine = engine;
            this.label = label;
            this.masker = masker;
        }

        void show(RunningDatabase database, Path passwordFile, boolean replaced) {
            running = database;
            getLog().info((replaced ? "Replaced: " : "") + "PostgreSQL answers at " + database.jdbcUrl() + " as "
                    + database.username());
            getLog().info("  psql: " + psqlCommand(database, passwordFile));
            try {
                following = engine.followContainerLog(database.containerId(),
                        line -> getLog().info("[db] " + masker.mask(line)));
            } catch (PgImageException e) {
                getLog().warn("Cannot stream the container's log: " + masker.mask(e.getMessage()));
            }
        }

        /** Stops streaming the current container's log; returns its id. */
        String stopFollowing() {
            closeQuietly(following);
            following = null;
            return running.containerId();
        }

        synchronized void removeAll() {
            if (removed) {
                return;
            }
            removed = true;
            closeQuietly(following);
            try {
                new LabelledResources(engine).removeAll(label, getLog()::info);
            } catch (PgImageException e) {
                getLog().warn("Cannot remove what watch started: " + masker.mask(e.getMessage()));
            }
        }

        private void closeQuietly(AutoCloseable closeable) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // the stream is gone either way
                }
            }
        }
    }
}
