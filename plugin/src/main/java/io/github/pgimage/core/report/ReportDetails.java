package io.github.pgimage.core.report;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.ImageHistoryEntry;
import io.github.pgimage.core.plan.ImagePlan;

/**
 * What the report says beyond the build's own record, for the page: when the build ended, what the context holds
 * and what {@code .dockerignore} left out, the image by layer (asked of the engine), the plan's warnings. Nothing
 * here fails a build: a layer history the engine cannot give is left out of the report.
 *
 * <p>What does not depend on the built image (the layout's scan, the base image's history, and in a fresh JVM the
 * classes of the page) is read by {@link #early} while the engine builds, so that the image's tags move a few round
 * trips after the build ends, not a rescan and a page's first rendering later.
 */
public final class ReportDetails {

    private ReportDetails() {
    }

    /** The details the build does not change, read on a thread of their own from now on. */
    public static final class Early {
        private final CompletableFuture<ContextContents.Scan> scan;
        private final CompletableFuture<List<ImageHistoryEntry>> baseHistory;

        private Early(CompletableFuture<ContextContents.Scan> scan, CompletableFuture<List<ImageHistoryEntry>> baseHistory) {
            this.scan = scan;
            this.baseHistory = baseHistory;
        }
    }

    /** The same details read now, on this thread (a failed build's report). */
    public static Early now(ImagePlan plan) {
        return new Early(CompletableFuture.completedFuture(ContextContents.scan(plan)),
                CompletableFuture.completedFuture(List.of()));
    }

    /**
     * @param engine the engine that will hold the image, or null when none will (a standalone BuildKit's store)
     */
    public static Early early(ImagePlan plan, EngineGateway engine) {
        CompletableFuture<ContextContents.Scan> scan = new CompletableFuture<>();
        CompletableFuture<List<ImageHistoryEntry>> baseHistory = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                scan.complete(ContextContents.scan(plan));
            } catch (RuntimeException e) {
                scan.completeExceptionally(e);
            }
            try {
                baseHistory.complete(engine == null ? List.of()
                        : engine.imageHistory(plan.settings().baseImage()).entries());
            } catch (RuntimeException e) {
                baseHistory.completeExceptionally(e);
            }
            BuildReportPage.warmUp();
        }, "pgimage-report-details");
        thread.setDaemon(true);
        thread.start();
        return new Early(scan, baseHistory);
    }

    /**
     * @param engine   the engine that holds the image, or null when none does (a standalone BuildKit's store, a
     *                 failed build)
     * @param early    what {@link #early} read while the image was built
     * @param warnings the plan's warnings, in words
     * @param debug    where a history the engine could not give is told
     */
    public static BuildReport add(BuildReport report, ImagePlan plan, EngineGateway engine, Early early,
                                  List<String> warnings, Consumer<String> debug) {
        BuildReport.Layers layers = null;
        if (engine != null && report.imageId() != null) {
            try {
                layers = ImageLayers.read(engine, report.imageId(), early.baseHistory::join,
                        plan.settings().baseImage(), report.steps()).orElse(null);
            } catch (EngineException | java.util.concurrent.CompletionException e) {
                debug.accept("No layer sizes in the report: " + e.getMessage());
            }
        }
        BuildReport withContents = report.context() == null ? report
                : report.withContext(scan(early, plan).into(report.context()));
        return withContents.withDetails(Instant.now(), layers, warnings);
    }

    private static ContextContents.Scan scan(Early early, ImagePlan plan) {
        try {
            return early.scan.join();
        } catch (java.util.concurrent.CompletionException e) {
            return ContextContents.scan(plan); // it failed on its thread: once more here, where a failure is the build's
        }
    }
}
