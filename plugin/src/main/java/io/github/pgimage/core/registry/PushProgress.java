package io.github.pgimage.core.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.pgimage.core.json.JsonTree;

import io.github.pgimage.core.progress.ProgressListener;

/**
 * Turns the engine's push messages into a few lines per layer: when it starts uploading, at each quarter of its
 * size, and when it is done (pushed, already there, or mounted from another repository). The engine sends a
 * message every few hundred kilobytes; those never reach the log one by one. Nor do its retries: when a registry
 * dies mid-push, the engine counts down every layer's retry second by second ("Retrying in 5 seconds", 4, … then 10,
 * 15, 20 seconds: 250 messages for five layers), and the log gets one line when the first retry starts and at most
 * one per {@link #RETRY_LINES_EVERY} after it, each with the count so far.
 */
final class PushProgress {
    private static final int STEPS = 4;
    /** Smaller layers upload in a blink: start and end are all a reader needs. */
    static final long REPORT_QUARTERS_FROM = 8_000_000;

    /** The engine's countdown of one layer's next upload attempt. */
    private static final Pattern RETRYING = Pattern.compile("retrying in (\\d+) seconds?");
    static final Duration RETRY_LINES_EVERY = Duration.ofSeconds(30);

    private final ProgressListener listener;
    private final LongSupplier clock;
    /** Per layer id: the last quarter reported (0 = started). */
    private final Map<String, Integer> reported = new HashMap<>();
    /** Per layer id: the seconds its current retry countdown last said; absent when it is not counting down. */
    private final Map<String, Long> countdowns = new HashMap<>();
    private final Set<String> retriedLayers = new HashSet<>();
    private int retries;
    private Long lastRetryLine;

    PushProgress(ProgressListener listener) {
        this(listener, System::nanoTime);
    }

    /** @param clock {@link System#nanoTime()}, or a test's */
    PushProgress(ProgressListener listener, LongSupplier clock) {
        this.listener = listener;
        this.clock = clock;
    }

    /** One JSON message of the push stream that carries {@code status}. */
    void accept(Map<String, Object> message) {
        String status = Objects.requireNonNullElse(JsonTree.text(message.get("status")), "");
        String id = Objects.requireNonNullElse(JsonTree.text(message.get("id")), "");
        if (id.isEmpty()) {
            // "The push refers to repository [...]", "TAG: digest: sha256:… size: N"
            listener.debug(status);
            return;
        }
        String lower = status.toLowerCase(Locale.ROOT);
        Matcher retrying = RETRYING.matcher(lower);
        if (retrying.matches()) {
            retrying(id, Long.parseLong(retrying.group(1)), status);
            return;
        }
        countdowns.remove(id); // anything else ends the layer's countdown: its next one is a new retry
        if (lower.equals("pushing")) {
            pushing(id, JsonTree.object(message.get("progressDetail")));
        } else if (lower.equals("pushed")) {
            listener.info("Layer " + id + ": pushed");
        } else if (lower.equals("layer already exists")) {
            listener.info("Layer " + id + ": already in the registry");
        } else if (lower.startsWith("mounted from")) {
            listener.info("Layer " + id + ": " + status.toLowerCase(Locale.ROOT));
        } else {
            listener.debug("Layer " + id + ": " + status);
        }
    }

    /**
     * One second of a layer's countdown to its next upload attempt. A countdown that starts (the layer's first, or
     * one that counts from more seconds than the last message said) is one retry; a line says so when it is the first
     * retry or the last line is {@link #RETRY_LINES_EVERY} old. Every message still reaches the debug log.
     */
    private void retrying(String id, long seconds, String status) {
        Long last = countdowns.put(id, seconds);
        listener.debug("Layer " + id + ": " + status);
        if (last != null && seconds <= last) {
            return; // the same countdown, a second later
        }
        retries++;
        retriedLayers.add(id);
        long now = clock.getAsLong();
        if (lastRetryLine != null && now - lastRetryLine < RETRY_LINES_EVERY.toNanos()) {
            return;
        }
        lastRetryLine = now;
        listener.warn("The engine retries the upload of layer " + id + " in " + seconds + " s (" + retries
                + (retries == 1 ? " retry" : " retries") + " of " + retriedLayers.size()
                + (retriedLayers.size() == 1 ? " layer" : " layers") + " so far; the registry may be down)");
    }

    private void pushing(String id, Map<String, Object> detail) {
        long current = JsonTree.longValue(detail.get("current"), 0);
        long total = JsonTree.longValue(detail.get("total"), 0);
        Integer last = reported.get(id);
        if (last == null) {
            reported.put(id, 0);
            listener.info("Layer " + id + ": pushing" + (total > 0 ? " " + size(total) : ""));
            return;
        }
        if (total < REPORT_QUARTERS_FROM) {
            return;
        }
        int quarter = (int) Math.min(STEPS - 1, current * STEPS / total);
        if (quarter > last) {
            reported.put(id, quarter);
            listener.info("Layer " + id + ": " + (quarter * 100 / STEPS) + "% of " + size(total));
        }
    }

    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1000.0);
        }
        if (bytes < 1000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1000_000.0);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1000_000_000.0);
    }
}
