package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.progress.ProgressEvent;
import io.github.pgimage.core.progress.ProgressListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Buildah's classic build stream (Podman's compatible {@code /build}) as the same step lines, steps and failing
 * step BuildKit's traces give. Buildah writes text only: {@code [1/2] STEP 3/7: RUN …} opens an instruction
 * ({@code STEP 3/7: …} in a single-stage build), {@code --> Using cache <id>} says it was reused,
 * {@code --> <short id>} closes it, {@code COMMIT …} writes a stage's image, anything else is the instruction's
 * output. Steps get BuildKit's names ({@code [setup 3/7] RUN …}, the stage named by its {@code FROM … AS}), so that
 * the report and its rerun reasons read them the same way.
 */
public final class BuildahProgress implements BuildProgress {
    private static final Pattern STEP = Pattern.compile("^(?:\\[(\\d+)/\\d+] )?STEP (\\d+)/(\\d+): (.*)$", Pattern.DOTALL);
    private static final Pattern FROM_AS = Pattern.compile("^FROM\\s+\\S+(?:\\s+AS\\s+(\\S+))?.*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern USING_CACHE = Pattern.compile("^--> Using cache \\S+$");
    private static final Pattern LAYER_DONE = Pattern.compile("^--> \\S+$");
    private static final Pattern COMMIT = Pattern.compile("^(?:\\[\\d+/\\d+] )?COMMIT\\b.*$");
    /** Lines Buildah writes after the last step: the image id alone, and its own summary. */
    private static final Pattern SUMMARY = Pattern.compile("^(?:[0-9a-f]{64}|Successfully (?:built|tagged) .*)$");

    private final ProgressListener listener;
    private final LongSupplier clock;
    private final Map<Integer, String> stageNames = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private Current current;
    private Step failed;
    private volatile String waitingFor = "Podman to start the build (reading the context, resolving the base image)";

    public BuildahProgress(ProgressListener listener) {
        this(listener, System::nanoTime);
    }

    /** @param clock nanoseconds, for step durations */
    BuildahProgress(ProgressListener listener, LongSupplier clock) {
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public void accept(EngineMessage message) {
        if (message instanceof EngineMessage.Output output) {
            for (String line : output.text().split("\\R")) {
                if (!line.isBlank()) {
                    line(line.stripTrailing());
                }
            }
        } else if (message instanceof EngineMessage.Failure failure) {
            fail(failure.message().strip());
        }
    }

    private void line(String line) {
        Matcher step = STEP.matcher(line);
        if (step.matches()) {
            finish();
            int stage = step.group(1) == null ? 1 : Integer.parseInt(step.group(1));
            String instruction = step.group(4);
            Matcher from = FROM_AS.matcher(instruction);
            if (from.matches() && from.group(1) != null) {
                stageNames.put(stage, from.group(1));
            }
            String stageName = stageNames.get(stage);
            String name = "[" + (stageName == null ? "" : stageName + " ") + step.group(2) + "/" + step.group(3) + "] "
                    + instruction;
            current = new Current(StepName.parse(name).orElse(null), name, stageName, clock.getAsLong());
            waitingFor = current.display() + " to finish";
            return;
        }
        if (current != null && USING_CACHE.matcher(line).matches()) {
            current.cached = true;
            return;
        }
        if (current != null && LAYER_DONE.matcher(line).matches()) {
            finish();
            return;
        }
        if (COMMIT.matcher(line).matches()) {
            finish();
            waitingFor = "Podman to write the image";
            listener.debug(line);
            return;
        }
        if (current == null || SUMMARY.matcher(line).matches()) {
            listener.debug(line);
            return;
        }
        // the running instruction's own output
        if (!current.announced) {
            current.announced = true;
            announce(current);
        }
        current.output.add(line);
        if (current.output.size() > StepTracker.OUTPUT_LINES) {
            current.output.remove(0);
        }
        listener.on(new ProgressEvent.StepOutput(current.display(), line));
    }

    /** Closes the open instruction: cached, or done with its duration. */
    private void finish() {
        Current done = current;
        current = null;
        if (done == null) {
            return;
        }
        long millis = done.cached ? 0 : Duration.ofNanos(clock.getAsLong() - done.startedNanos).toMillis();
        if (!done.isStep()) {
            listener.debug(done.display() + (done.cached ? " CACHED" : " DONE"));
        } else if (done.cached) {
            listener.on(new ProgressEvent.StepCached(done.display()));
        } else {
            listener.on(new ProgressEvent.StepFinished(done.display(), millis));
        }
        if (done.isStep()) {
            steps.add(new Step(done.name, done.stage, done.cached, millis, null, done.output));
        }
    }

    private void fail(String message) {
        Current broken = current;
        current = null;
        if (broken != null) {
            failed = new Step(broken.name, broken.stage, false, 0, message, broken.output);
            listener.on(new ProgressEvent.StepFailed(broken.display(), message));
        }
        waitingFor = "Podman to end the failed build";
    }

    private void announce(Current step) {
        listener.on(step.isStep() ? new ProgressEvent.StepStarted(step.display())
                : new ProgressEvent.Message(ProgressEvent.Level.DEBUG, step.display()));
    }

    @Override
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    @Override
    public Optional<Step> failure() {
        return Optional.ofNullable(failed);
    }

    @Override
    public String waitingFor() {
        return waitingFor;
    }

    /** The instruction Buildah is on. */
    private static final class Current {
        final StepName parsed;
        final String name;
        final String stage;
        final long startedNanos;
        final List<String> output = new ArrayList<>();
        boolean cached;
        boolean announced;

        Current(StepName parsed, String name, String stage, long startedNanos) {
            this.parsed = parsed;
            this.name = name;
            this.stage = stage;
            this.startedNanos = startedNanos;
        }

        boolean isStep() {
            return parsed != null && parsed.isStep();
        }

        String display() {
            return parsed != null ? parsed.display() : name;
        }
    }
}
