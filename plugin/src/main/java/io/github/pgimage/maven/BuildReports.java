package io.github.pgimage.maven;

import org.apache.maven.plugin.logging.Log;

import io.github.pgimage.core.report.BuildReport;

/**
 * What a finished build's report says in the log, as {@code build} and each round of {@code watch} print it: a line
 * per step that ran, with the reason (the core assembles the report once: {@code ImageBuild.Outcome#report}).
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

    private static String shorten(String stepName) {
        String instruction = stepName.substring(stepName.indexOf("] ") + 2);
        String[] words = instruction.split("\\s+");
        return words[0] + " " + words[words.length - 1];
    }
}
