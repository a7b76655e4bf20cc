package io.github.pgimage.core.imagebuild;

import java.io.IOException;
import java.util.List;

import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.Built;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.output.ImageFiles;
import io.github.pgimage.core.plan.CacheHistory;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.report.BuildReport;
import io.github.pgimage.core.report.ReportDetails;
import io.github.pgimage.core.report.ReportWriter;
import io.github.pgimage.core.report.RerunReasons;
import io.github.pgimage.core.plan.ProjectProblem;

/**
 * A build's report, assembled once: what the builder made, why each step that ran reran (against the previous
 * build's record), and the details the page shows. A failed build leaves one too.
 */
final class BuildRecord {
    private BuildRecord() {
    }

    /** @param engine the engine that holds the image, or null when none does (a daemon's store, {@code load=false}) */
    static BuildReport finished(BuildOptions options, ImagePlan plan, ImageFiles.ContextOutput context,
                                BuildResult result, Built built, BuilderInfo builder, CacheHistory previous,
                                EngineGateway engine, ReportDetails.Early early, ProgressListener listener) {
        BuildReport report = RerunReasons.explain(plan, BuildReport.of(options.references().get(0).toString(),
                        context.digest(), result, builder).withContext(built.contextSent()).withPushed(built.pushed())
                        .withPlatforms(built.platforms()).withCache(built.cache()).withAttestations(built.attested()),
                previous, CacheHistory.of(plan), options.noCache(), options.rebuildFrom());
        return ReportDetails.add(report, plan, engine, early, warnings(plan), listener::debug);
    }

    /**
     * A build that ran and failed leaves its report and page too (the steps it got through, the failed one's last
     * output lines): the report's state to compare with stays the last finished build's, and {@code image.id}
     * still names the last image. Writing them never hides the build's own failure.
     */
    static void failed(BuildOptions options, ImagePlan plan, ImageFiles.ContextOutput context,
                       BuildFailedException failure, EngineVersion engine, BuilderInfo builder, long millis,
                       CacheHistory previous, ProgressListener listener) {
        try {
            BuildReport report = RerunReasons.explainFailure(plan, BuildReport.ofFailure(
                            options.references().get(0).toString(), context.digest(), engine, builder, failure, millis,
                            options.secrets().masker()::mask),
                    previous, options.noCache(), options.rebuildFrom());
            new ReportWriter().write(options.outputDirectory(),
                    ReportDetails.add(report, plan, null, ReportDetails.now(plan), warnings(plan), listener::debug));
        } catch (IOException | RuntimeException e) {
            listener.warn("The failed build's report could not be written: " + e.getMessage());
        }
    }

    /** The plan's warnings for the report, a setting named by its constant (the log names it as the user wrote it). */
    private static List<String> warnings(ImagePlan plan) {
        return plan.warnings().stream().map(ProjectProblem::toString).toList();
    }
}
