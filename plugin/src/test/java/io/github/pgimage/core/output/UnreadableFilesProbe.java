package io.github.pgimage.core.output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

/**
 * The process {@link UnreadableFilesTest} runs without the right to read other people's files: plans each project
 * in the folder given and writes its context, printing {@code <project>: <error message>} (one line, newlines as
 * {@code |}) or {@code <project>: ok}.
 */
public final class UnreadableFilesProbe {
    public static void main(String[] args) throws Exception {
        try (Stream<Path> projects = Files.list(Path.of(args[0]))) {
            for (Path project : projects.sorted().toList()) {
                String outcome;
                try {
                    ImagePlan plan = new ImagePlanner().plan(project, List.of(), ImageSettings.builder().build());
                    new ImageFiles(project.resolve("target")).writeContext(plan, Map.of());
                    outcome = "ok";
                } catch (RuntimeException e) {
                    outcome = String.valueOf(e.getMessage()).replace('\n', '|');
                }
                System.out.println(project.getFileName() + ": " + outcome);
            }
        }
    }
}
