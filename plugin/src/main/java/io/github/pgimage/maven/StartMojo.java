package io.github.pgimage.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import io.github.pgimage.core.ImageNotFoundException;
import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.container.BuildLabel;
import io.github.pgimage.core.container.DatabaseSpec;
import io.github.pgimage.core.container.DatabaseStartException;
import io.github.pgimage.core.container.DatabaseStarter;
import io.github.pgimage.core.container.Passwords;
import io.github.pgimage.core.container.PublishedAddress;
import io.github.pgimage.core.container.RunningDatabase;
import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.report.RegistryOnly;
import io.github.pgimage.core.report.ReportWriter;
import io.github.pgimage.core.session.SecretMasker;

/**
 * Runs the built image for the integration tests: waits until PostgreSQL answers {@code SELECT 1} through the
 * published port, then sets {@code postgres-image.host}, {@code .port}, {@code .jdbcUrl}, {@code .username} and
 * {@code .password} as project properties, and the same under {@code postgres-image.<execution id>.}, so that the
 * tests tell two start executions' databases apart. Leftovers of an earlier crashed run of this execution are removed
 * first (another execution's running database is not a leftover); a failed start removes what it created.
 */
@Mojo(name = "start", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class StartMojo extends AbstractContainerMojo {

    /** Environment of the container, besides POSTGRES_USER/PASSWORD/DB (which have their own parameters). */
    @Parameter
    protected Map<String, String> startEnv = new LinkedHashMap<>();

    /** Arguments replacing the image's CMD, e.g. {@code postgres -c fsync=off}; empty for the image's own. */
    @Parameter
    protected List<String> startArgs = new ArrayList<>();

    /** The database user (POSTGRES_USER). */
    @Parameter(property = "postgres-image.username", defaultValue = "postgres")
    protected String username;

    /** Its password (POSTGRES_PASSWORD); a random one when not set. Never logged. */
    @Parameter(property = "postgres-image.password")
    protected String password;

    /** The database (POSTGRES_DB); the user's name when not set, as with the official image. */
    @Parameter(property = "postgres-image.database")
    protected String database;

    /** The host port to publish PostgreSQL on; 0 lets the engine pick a free one. */
    @Parameter(property = "postgres-image.hostPort", defaultValue = "0")
    protected int hostPort;

    /** The port PostgreSQL listens on inside the container. */
    @Parameter(property = "postgres-image.containerPort", defaultValue = ImageSettings.DEFAULT_PORT)
    protected int containerPort;

    /** Seconds PostgreSQL may take to answer a query before the build fails (with the container's log). */
    @Parameter(property = "postgres-image.startTimeout", defaultValue = "120")
    protected int startTimeout;

    /**
     * A named volume for the data directory (the first of {@code volumes}). Created and labelled when missing (and
     * then removed by stop); an existing volume is used as it is and never removed. None when not set.
     */
    @Parameter(property = "postgres-image.volume")
    protected String volume;

    @Override
    protected void executeGoal() throws MojoExecutionException, MojoFailureException {
        BuildLabel label = executionLabel();
        boolean generated = password == null || password.isEmpty();
        String credential = generated ? Passwords.generate() : password;
        SecretMasker masker = SecretMasker.of(List.of(credential));
        String imageToRun = imageToRun();
        EngineEndpoint endpoint = null;
        try {
            DatabaseSpec spec = databaseSpec(imageToRun, credential);
            endpoint = EngineAccess.locator(answerTimeout, getLog(), masker).locate(dockerHost);
            try (EngineGateway engine = EngineGateway.connect(endpoint)) {
                long started = System.nanoTime();
                RunningDatabase running = new DatabaseStarter(engine,
                        PublishedAddress.forEndpoint(endpoint), line -> getLog().info(masker.mask(line)))
                        .start(spec, label);
                exportProperties(running.properties(""));
                getLog().info(String.format(Locale.ROOT, "PostgreSQL answers at %s as %s after %.1f s%s", running.jdbcUrl(),
                        running.username(), (System.nanoTime() - started) / 1e9,
                        generated ? " (generated password in ${postgres-image.password})" : ""));
            }
        } catch (DatabaseStartException e) {
            printContainerLog(e.containerLog(), masker);
            throw failure(e, masker);
        } catch (ImageNotFoundException e) {
            throw failure(RegistryOnly.explain(e, outputDirectory(),
                    endpoint == null ? "the engine" : "the engine at " + endpoint.host()), masker);
        } catch (PgImageException e) {
            throw failure(e, masker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("Interrupted while starting the database container", e);
        }
    }

    /** What to run: {@code image} with this goal's container parameters. */
    protected DatabaseSpec databaseSpec(String image, String password) {
        return DatabaseSpec.builder(image)
                .username(username)
                .password(password)
                .database(database)
                .env(startEnv)
                .command(startArgs)
                .containerPort(containerPort)
                .hostPort(hostPort)
                .volume(volume)
                .dataDirectory(dataDirectory())
                .startTimeout(Duration.ofSeconds(startTimeout))
                .build();
    }

    /** The image the build just made (its id, immune to a tag moved meanwhile), else the {@code image} parameter. */
    private String imageToRun() throws MojoExecutionException {
        Path idFile = outputDirectory().resolve(ReportWriter.IMAGE_ID_FILE);
        if (!Files.isRegularFile(idFile)) {
            return image;
        }
        try {
            String id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
            return id.isEmpty() ? image : id;
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read " + idFile + ": " + e.getMessage(), e);
        }
    }

    private String dataDirectory() {
        return volumes == null || volumes.isEmpty() ? ImageSettings.DEFAULT_VOLUME : volumes.get(0);
    }

    protected void printContainerLog(String log, SecretMasker masker) {
        if (log.isBlank()) {
            return;
        }
        getLog().error("Container log:");
        for (String line : log.split("\\R")) {
            getLog().error("  " + masker.mask(line));
        }
    }
}
