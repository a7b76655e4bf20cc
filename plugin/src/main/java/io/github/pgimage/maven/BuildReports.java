package io.github.pgimage.maven;

import java.io.File;
import java.nio.file.Path;

import org.apache.maven.plugin.logging.Log;

import io.github.pgimage.core.report.BuildReport;
import io.github.pgimage.core.report.BuildReportPage;

/**
 * What a finished build's report says in the log, as {@code build} and each round of {@code watch} print it: a line
 * per step that ran, with the reason (the core assembles the report once: {@code ImageBuild.Outcome#report}), and the
 * line that names the report's page.
 */
final class BuildReports {
    private BuildReports() {
    }

    static void logReruns(Log log, BuildReport report) {
        for (BuildReport.StepEntry step : report.steps()) {
            if (!step.cached()) {
                log.info("Ran " + step.name().substring(0, step.name().indexOf(']') + 1) + " "
                        + shorten(step.name()) + ": " + step.reason());
            }
        }
    }

    /**
     * {@code Report: target/postgres-image/build-report.html}: the page the core wrote beside the report (after a
     * failed build too), relative to the module when it is below it.
     *
     * @param basedir the module's folder, or null when unknown
     */
    static String pageLine(File basedir, Path outputDirectory) {
        Path page = outputDirectory.resolve(BuildReportPage.FILE).toAbsolutePath().normalize();
        if (basedir != null) {
            Path module = basedir.toPath().toAbsolutePath().normalize();
            if (page.startsWith(module)) {
                return "Report: " + module.relativize(page);
            }
        }
        return "Report: " + page;
    }

    private static String shorten(String stepName) {
        String instruction = stepName.substring(stepName.indexOf("] ") + 2);
        String[] words = instruction.split("\\s+");
        return words[0] + " " + words[words.length - 1];
    }
}
