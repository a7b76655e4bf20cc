package io.github.pgimage.core.registry;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.github.pgimage.core.json.JsonTree;

import io.github.pgimage.core.progress.ProgressListener;

/**
 * Turns the engine's push messages into a few lines per layer: when it starts uploading, at each quarter of its
 * size, and when it is done (pushed, already there, or mounted from another repository). The engine sends a
 * message every few hundred kilobytes; those never reach the log one by one.
 */
final class PushProgress {
    private static final int STEPS = 4;
    /** Smaller layers upload in a blink: start and end are all a reader needs. */
    static final long REPORT_QUARTERS_FROM = 8_000_000;

    private final ProgressListener listener;
    /** Per layer id: the last quarter reported (0 = started). */
    private final Map<String, Integer> reported = new HashMap<>();

    PushProgress(ProgressListener listener) {
        this.listener = listener;
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
        if (lower.equals("pushing")) {
            pushing(id, JsonTree.object(message.get("progressDetail")));
        } else if (lower.equals("pushed")) {
            listener.info("Layer " + id + ": pushed");
        } else if (lower.equals("layer already exists")) {
            listener.info("Layer " + id + ": already in the registry");
        } else if (lower.startsWith("mounted from")) {
            listener.info("Layer " + id + ": " + status.toLowerCase(Locale.ROOT));
        } else if (lower.startsWith("retrying")) {
            // the engine's own retry of one layer upload
            listener.warn("Layer " + id + ": " + status);
        } else {
            listener.debug("Layer " + id + ": " + status);
        }
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
