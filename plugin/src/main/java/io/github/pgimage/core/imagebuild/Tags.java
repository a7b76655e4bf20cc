package io.github.pgimage.core.imagebuild;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.progress.ProgressListener;

/**
 * Moves a build's references to its image, all or none: when the engine refuses one, those already moved go back to
 * the images they named before (or are removed where they named none), so the references never disagree with each
 * other, with {@code image.id} or with the report.
 */
final class Tags {
    private Tags() {
    }

    static void move(EngineGateway engine, String imageId, List<ImageReference> references, ProgressListener listener)
            throws EngineException {
        // One reference moves in one request; several need what each named before, to put it back
        Map<ImageReference, Optional<String>> before = new LinkedHashMap<>();
        if (references.size() > 1) {
            for (ImageReference reference : references) {
                before.put(reference, engine.imageId(reference.toString()));
            }
        }
        List<ImageReference> moved = new ArrayList<>();
        try {
            for (ImageReference reference : references) {
                engine.tag(imageId, reference);
                moved.add(reference);
                listener.info("Tagged " + imageId + " as " + reference);
            }
        } catch (RuntimeException e) {
            for (ImageReference reference : moved) {
                restore(engine, reference, before.get(reference), listener);
            }
            throw e;
        }
    }

    private static void restore(EngineGateway engine, ImageReference reference, Optional<String> previous,
                                ProgressListener listener) {
        try {
            if (previous.isPresent()) {
                engine.tag(previous.get(), reference);
            } else {
                engine.removeImage(reference.toString());
            }
            listener.warn("Put " + reference + " back to " + previous.orElse("no image") + ": the build failed");
        } catch (RuntimeException e) {
            listener.warn("Could not put " + reference + " back to " + previous.orElse("no image") + ": "
                    + e.getMessage());
        }
    }
}
