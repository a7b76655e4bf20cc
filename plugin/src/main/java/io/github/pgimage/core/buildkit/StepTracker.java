package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.progress.ProgressEvent;
import io.github.pgimage.core.progress.ProgressListener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Folds BuildKit's status updates into vertices (merged by digest, since the engine re-sends a
 * vertex whenever it changes) and announces each step's start and finish to a {@link ProgressListener}.
 * Not thread-safe: one build, one reading thread.
 */
public final class StepTracker {
    static final int OUTPUT_LINES = 30;

    private final ProgressListener listener;
    private final Map<String, VertexState> vertices = new LinkedHashMap<>();
    /** The step last announced as started and not yet finished; read by the silence watch's thread. */
    private volatile String running;

    public StepTracker(ProgressListener listener) {
        this.listener = listener;
    }

    /** Applies one status update: vertices, then their output, then announces what changed. */
    public void accept(StatusUpdate status) {
        Set<VertexState> touched = new LinkedHashSet<>();
        for (StatusUpdate.VertexUpdate vertex : status.vertices()) {
            VertexState state = vertices.computeIfAbsent(vertex.digest(), VertexState::new);
            state.merge(vertex);
            touched.add(state);
        }
        for (StatusUpdate.LogChunk log : status.logs()) {
            VertexState state = vertices.computeIfAbsent(log.vertex(), VertexState::new);
            for (String line : state.output.append(log.data())) {
                listener.on(new ProgressEvent.StepOutput(state.display(), line));
            }
        }
        for (StatusUpdate.WarningNote warning : status.warnings()) {
            VertexState state = vertices.get(warning.vertex());
            String where = state == null || state.name.isEmpty() ? "" : " (" + state.display() + ")";
            listener.on(new ProgressEvent.Warning(warning.text().trim() + where));
        }
        touched.forEach(this::announce);
    }

    /**
     * Every step (RUN, COPY, ADD) that finished or was cached, in Dockerfile order. Engines send vertices in
     * different orders (26.x sends a stage's last step first), so steps are ordered by their depth in the
     * build graph, each step after the steps it builds on; ties keep the order the engine first sent them.
     */
    public List<Step> steps() {
        Map<String, Integer> depths = new java.util.HashMap<>();
        List<VertexState> done = new ArrayList<>();
        for (VertexState state : vertices.values()) {
            if (state.isStep() && (state.completed != null || state.cached)) {
                done.add(state);
            }
        }
        done.sort(java.util.Comparator.comparingInt(state -> depth(state.digest, depths, new java.util.HashSet<>())));
        return done.stream().map(VertexState::toStep).toList();
    }

    /** Longest chain of known inputs below a vertex; {@code visiting} guards against a malformed, cyclic graph. */
    private int depth(String digest, Map<String, Integer> depths, Set<String> visiting) {
        Integer known = depths.get(digest);
        if (known != null) {
            return known;
        }
        VertexState state = vertices.get(digest);
        int depth = 0;
        if (state != null && visiting.add(digest)) {
            for (String input : state.inputs) {
                depth = Math.max(depth, 1 + depth(input, depths, visiting));
            }
            visiting.remove(digest);
        }
        depths.put(digest, depth);
        return depth;
    }

    /**
     * The vertex that made the build fail. When one vertex fails BuildKit cancels the others, which
     * then report "context canceled" too; the first other error is the cause.
     */
    public Optional<Step> failure() {
        Step cancelled = null;
        for (VertexState state : vertices.values()) {
            if (state.error != null) {
                if (!state.error.contains("context canceled")) {
                    return Optional.of(state.toStep());
                }
                if (cancelled == null) {
                    cancelled = state.toStep();
                }
            }
        }
        return Optional.ofNullable(cancelled);
    }

    /** The step that started last and has not finished, if any. */
    public Optional<String> running() {
        return Optional.ofNullable(running);
    }

    /** What the build waits for, for a line when the builder has said nothing for a while; safe from any thread. */
    public String waitingFor() {
        return running().map(step -> step + " to finish").orElse("BuildKit to start the next step");
    }

    private void announce(VertexState state) {
        boolean step = state.isStep();
        if (!state.announcedStart && state.started != null && !state.cached && state.completed == null) {
            state.announcedStart = true;
            running = state.display();
            listener.on(step ? new ProgressEvent.StepStarted(state.display()) : internal(state.display()));
        }
        if (!state.announcedEnd && state.completed != null) {
            state.announcedEnd = true;
            if (state.display().equals(running)) {
                running = null;
            }
            if (state.error != null) {
                listener.on(new ProgressEvent.StepFailed(state.display(), state.error));
            } else if (state.cached) {
                listener.on(step ? new ProgressEvent.StepCached(state.display()) : internal(state.display() + " CACHED"));
            } else {
                listener.on(step ? new ProgressEvent.StepFinished(state.display(), state.durationMillis())
                        : internal(state.display() + " DONE"));
            }
        }
    }

    /** BuildKit's own vertices (resolving the base image, loading the context): detail, not steps. */
    private static ProgressEvent internal(String text) {
        return new ProgressEvent.Message(ProgressEvent.Level.DEBUG, text);
    }

    /** What is known about one vertex so far. */
    private static final class VertexState {
        final String digest;
        final LogTail output = new LogTail(OUTPUT_LINES);
        String name = "";
        List<String> inputs = List.of();
        StepName parsed;
        boolean cached;
        Instant started;
        Instant completed;
        String error;
        boolean announcedStart;
        boolean announcedEnd;

        VertexState(String digest) {
            this.digest = digest;
        }

        void merge(StatusUpdate.VertexUpdate update) {
            if (!update.name().isEmpty()) {
                name = update.name();
                parsed = StepName.parse(name).orElse(null);
            }
            if (!update.inputs().isEmpty()) {
                inputs = update.inputs();
            }
            cached = update.cached();
            if (update.started() != null) {
                started = update.started();
            }
            if (update.completed() != null) {
                completed = update.completed();
            }
            if (!update.error().isEmpty()) {
                error = update.error();
            }
        }

        boolean isStep() {
            return parsed != null && parsed.isStep();
        }

        String display() {
            return parsed != null ? parsed.display() : name.isEmpty() ? digest : name;
        }

        long durationMillis() {
            if (cached || started == null || completed == null) {
                return 0;
            }
            return Math.max(0, Duration.between(started, completed).toMillis());
        }

        Step toStep() {
            return new Step(name.isEmpty() ? digest : name, parsed == null ? null : parsed.stage(), cached,
                    durationMillis(), error, output.lines());
        }
    }
}
