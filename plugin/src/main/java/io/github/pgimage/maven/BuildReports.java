package io.github.pgimage.maven;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.maven.plugin.logging.Log;

import io.github.pgimage.core.build.ImageBuild;
import io.github.pgimage.core.plan.CacheHistory;
import io.github.pgimage.core.plan.SetupScript;
import io.github.pgimage.core.report.BuildReport;
import io.github.pgimage.core.report.ReportWriter;
import io.github.pgimage.core.report.RerunReasons;

/**
 * The {@code build-report.json} a finished build leaves, as {@code build} and each round of {@code watch} write it:
 * with the reason each step ran and the inputs and cache arguments the next build compares with (a report without
 * them would give that build false reasons), and a line per step that ran.
 */
final class BuildReports {
    private BuildReports() {
    }

    /** What the last report kept for the comparison; read before the build, which replaces it. */
    static CacheHistory previous(Path outputDirectory) {
        return RerunReasons.previous(outputDirectory.resolve(ReportWriter.REPORT_FILE));
    }

    /**
     * @param previous    {@link #previous}, or null
     * @param rebuildFrom the script the build was asked to rebuild from, or null
     */
    static BuildReport write(Log log, Path outputDirectory, String image, ImageBuild.Outcome outcome,
                             CacheHistory previous, boolean noCache, SetupScript rebuildFrom) throws IOException {
        BuildReport built = BuildReport.of(image, outcome.contextDigest(), outcome.result(), outcome.builder())
                .withContext(outcome.contextSent()).withPushed(outcome.pushed())
                .withPlatforms(outcome.platforms())
                .withCache(outcome.cache()).withAttestations(outcome.attested());
        BuildReport report = RerunReasons.explain(outcome.plan(), built, previous, CacheHistory.of(outcome.plan()),
                noCache, rebuildFrom);
        new ReportWriter().write(outputDirectory, report);
        for (BuildReport.StepEntry step : report.steps()) {
            if (!step.cached()) {
                log.info("Ran " + step.name().substring(0, step.name().indexOf(']') + 1) + " "
                        + shorten(step.name()) + ": " + step.reason());
            }
        }
        return report;
    }

    private static String shorten(String stepName) {
        String instruction = stepName.substring(stepName.indexOf("] ") + 2);
        String[] words = instruction.split("\\s+");
        return words[0] + " " + words[words.length - 1];
    }
}
