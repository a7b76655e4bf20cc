package io.github.pgimage.core.engine;

import java.util.List;

/**
 * An image's history as the engine tells it ({@code docker history}), oldest entry first, and the platform it
 * describes: for an index (the containerd image store) the engine's own platform's image.
 *
 * @param platform {@code os/arch[/variant]} of the image the entries describe; null when the engine does not say
 * @param entries  oldest first: the base image's, then one per instruction of the Dockerfile's last stage
 */
public record ImageHistory(String platform, List<ImageHistoryEntry> entries) {
    public static final ImageHistory NONE = new ImageHistory(null, List.of());

    public ImageHistory {
        entries = List.copyOf(entries);
    }
}
