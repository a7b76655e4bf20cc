package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.engine.EngineException;

import java.util.List;
import java.util.Optional;

/**
 * The engine ran the build and it failed: a step's command failed, the Dockerfile is invalid, the
 * base image is missing. The message names the failing step and ends with its last output lines.
 */
public class BuildFailedException extends EngineException {
    private final Step failedStep;
    private final List<Step> steps;

    public BuildFailedException(String engineMessage, Step failedStep) {
        this(engineMessage, failedStep, List.of());
    }

    /** @param steps the steps that finished or were cached before the build stopped, in build order (for the report) */
    public BuildFailedException(String engineMessage, Step failedStep, List<Step> steps) {
        super(describe(engineMessage, failedStep));
        this.failedStep = failedStep;
        this.steps = List.copyOf(steps);
    }

    /** The steps that finished or were cached before the build stopped (the failed one among them when it ended). */
    public List<Step> steps() {
        return steps;
    }

    /** The step (or internal vertex) that failed, when the engine said which. */
    public Optional<Step> failedStep() {
        return Optional.ofNullable(failedStep);
    }

    /** The failing step's last output lines, oldest first; empty when unknown. */
    public List<String> output() {
        return failedStep == null ? List.of() : failedStep.output();
    }

    private static String describe(String engineMessage, Step step) {
        if (step == null) {
            return "The image build failed: " + engineMessage;
        }
        StringBuilder text = new StringBuilder("The image build failed at ").append(
                StepName.parse(step.name()).map(StepName::display).orElse(step.name()));
        text.append(": ").append(step.error() != null ? step.error() : engineMessage);
        if (!step.output().isEmpty()) {
            text.append("\nLast ").append(step.output().size()).append(" lines of its output:");
            for (String line : step.output()) {
                text.append("\n  ").append(line);
            }
        }
        return text.toString();
    }
}
