package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.progress.ProgressListener;
import java.util.List;
import java.util.Optional;

/** BuildKit's status traces (through {@link StepTracker}); plain output lines go to the debug log. */
final class BuildKitProgress implements BuildProgress {
    private final StepTracker tracker;
    private final ProgressListener listener;

    BuildKitProgress(ProgressListener listener) {
        this.tracker = new StepTracker(listener);
        this.listener = listener;
    }

    @Override
    public void accept(EngineMessage message) {
        if (message instanceof EngineMessage.Trace trace) {
            tracker.accept(trace.status());
        } else if (message instanceof EngineMessage.Output output && !output.text().isBlank()) {
            listener.debug(output.text().stripTrailing());
        }
    }

    @Override
    public List<Step> steps() {
        return tracker.steps();
    }

    @Override
    public Optional<Step> failure() {
        return tracker.failure();
    }

    @Override
    public String waitingFor() {
        return tracker.waitingFor();
    }
}
