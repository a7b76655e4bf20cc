package io.github.pgimage.core.progress;

/**
 * What a build, a push or a start tells its front end while it runs, as typed events: each front end (the Maven log,
 * a test, a report) decides how to show them, as Jib's {@code EventHandlers} do. Step names are as BuildKit and
 * Buildah name the Dockerfile's instructions, e.g. {@code [setup 3/7] RUN /opt/pgimage/setup/scripts/03-x.sh}.
 */
public sealed interface ProgressEvent {

    /** How much a message matters: DEBUG is shown only when asked for ({@code mvn -X}). */
    enum Level { DEBUG, INFO, WARN, ERROR }

    /** A step (RUN, COPY, ADD) began running. */
    record StepStarted(String step) implements ProgressEvent {
    }

    /** A step's layer came from the cache: it did not run. */
    record StepCached(String step) implements ProgressEvent {
    }

    /** A step ran to its end. */
    record StepFinished(String step, long millis) implements ProgressEvent {
    }

    /** A step failed; {@code error} is the builder's reason (an exit code, a missing file). */
    record StepFailed(String step, String error) implements ProgressEvent {
    }

    /** One line the running step printed. */
    record StepOutput(String step, String line) implements ProgressEvent {
    }

    /** A warning of the builder about the Dockerfile (BuildKit's frontend checks). */
    record Warning(String text) implements ProgressEvent {
    }

    /**
     * The engine, builder or registry has sent nothing for {@code silentSeconds}: what the plugin is waiting for.
     *
     * @param source  who is silent: {@code the engine}, {@code BuildKit}, {@code the registry}
     * @param about   what it was asked for: {@code the build}, {@code the push of x}
     * @param waiting what is expected next, e.g. {@code [setup 3/7] RUN … to finish}
     */
    record Waiting(String source, String about, long silentSeconds, String waiting) implements ProgressEvent {
    }

    /** Everything else the plugin says: what it connected to, chose, tagged, pushed; internal builder vertices. */
    record Message(Level level, String text) implements ProgressEvent {
    }
}
