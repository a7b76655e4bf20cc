package io.github.pgimage.core.plan;

import java.util.List;

/**
 * The line between the setup layer (stable files, cached for weeks) and the entrypoint layer (volatile files,
 * edited daily). Steps form one chain in Dockerfile order, so an edit reruns the first step that reads the edited
 * file and every step after it; the order stable-before-volatile is what keeps that tail short.
 */
public record CacheBoundary(List<PlannedStep> steps, int firstVolatileStep) {

    public CacheBoundary {
        steps = List.copyOf(steps);
        if (firstVolatileStep < 0 || firstVolatileStep > steps.size()) {
            throw new IllegalArgumentException("boundary " + firstVolatileStep + " outside 0.." + steps.size());
        }
    }

    /** Steps of the setup layer (and the builder stage), which only a change of setup files reruns. */
    public List<PlannedStep> stableSteps() {
        return steps.subList(0, firstVolatileStep);
    }

    /** Steps of the entrypoint layer, from the most stable part (configuration) to the most volatile (scripts). */
    public List<PlannedStep> volatileSteps() {
        return steps.subList(firstVolatileStep, steps.size());
    }

    /** Project files read by stable steps. */
    public List<String> stableFiles() {
        return stableSteps().stream().flatMap(s -> s.inputs().stream()).distinct().sorted().toList();
    }

    /** Project files read by volatile steps. */
    public List<String> volatileFiles() {
        return volatileSteps().stream().flatMap(s -> s.inputs().stream()).distinct().sorted().toList();
    }

    /** The steps an edit of {@code changedFile} reruns: the first that reads it and all after it; none if no step reads it. */
    public List<PlannedStep> rebuiltBy(String changedFile) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).inputs().contains(changedFile)) {
                return steps.subList(i, steps.size());
            }
        }
        return List.of();
    }
}
