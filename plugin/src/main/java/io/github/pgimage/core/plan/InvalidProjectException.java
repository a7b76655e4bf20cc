package io.github.pgimage.core.plan;

import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every problem found in a project at once, so that one run shows the user all there is to fix. */
public class InvalidProjectException extends PgImageException {

    private final Path sourceDirectory;
    private final List<ProjectProblem> problems;

    public InvalidProjectException(Path sourceDirectory, List<ProjectProblem> problems) {
        super(describe(sourceDirectory, problems), Setting.SOURCE_DIRECTORY, String.valueOf(sourceDirectory), null);
        this.sourceDirectory = sourceDirectory;
        this.problems = List.copyOf(problems);
    }

    public Path sourceDirectory() {
        return sourceDirectory;
    }

    public List<ProjectProblem> problems() {
        return problems;
    }

    /** Every problem, one a line, a setting at fault named by {@code settingName} (a front end's own words). */
    public String describe(Function<Setting, String> settingName) {
        return describe(sourceDirectory, problems, settingName);
    }

    private static String describe(Path sourceDirectory, List<ProjectProblem> problems) {
        return describe(sourceDirectory, problems, Setting::name);
    }

    private static String describe(Path sourceDirectory, List<ProjectProblem> problems,
                                   Function<Setting, String> settingName) {
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + sourceDirectory + ":\n"
                + problems.stream().map(p -> "  - " + p.describe(settingName)).collect(Collectors.joining("\n"));
    }
}
