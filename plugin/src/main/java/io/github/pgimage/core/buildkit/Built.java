package io.github.pgimage.core.buildkit;

import java.nio.file.Path;
import java.util.List;

import io.github.pgimage.core.report.BuildReport;
import io.github.pgimage.core.session.filesync.FileSyncActivity;

/**
 * What a {@link Builder} made.
 *
 * @param imageId      the image as the store that holds it names it ({@code sha256:…})
 * @param steps        the RUN/COPY/ADD steps in Dockerfile order
 * @param contextSent  how the context was sent, as the report says it
 * @param contextSync  what was taken over file sync, or null when a tar was sent
 * @param pushed       what the builder pushed as it exported, or null (not asked, or it cannot: the engine pushes)
 * @param platforms    the platforms built; empty when unknown
 * @param archive      the OCI archive written, or null
 * @param cache        the caches imported and exported, or null when none
 * @param attested     the attestations attached, or null
 * @param loaded       the image is in the engine's store, to be tagged there; false when it went to a daemon's own
 *                     store or to the registry only ({@code load=false})
 */
public record Built(String imageId, List<Step> steps, BuildReport.ContextSent contextSent,
                    FileSyncActivity contextSync, BuildReport.Pushed pushed, List<String> platforms, Path archive,
                    BuildReport.Cache cache, BuildReport.Attested attested, boolean loaded) {
    public Built {
        steps = List.copyOf(steps);
        platforms = List.copyOf(platforms);
    }
}
