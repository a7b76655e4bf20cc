package io.github.pgimage.core.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.pgimage.core.plan.ProjectProblem;

/**
 * With {@code aptCache}, {@code /var/lib/apt/lists} and {@code /var/cache/apt} are BuildKit cache mounts while setup
 * runs: they never reach the image, and a cleanup that empties them ({@code rm -rf /var/lib/apt/lists/*},
 * {@code apt-get clean}, the usual last line of a Dockerfile's RUN) only makes the next build download everything
 * again. A hint, unless the file (or {@code setup/lib}) tests for the mount ({@code mountpoint -q}).
 */
final class AptCacheHint {

    private static final Pattern EMPTIES_CACHE = Pattern.compile(
            "\\brm\\s[^;&|]*/var/(?:lib/apt/lists|cache/apt)\\b|\\bapt(?:-get)?\\s+(?:-\\S+\\s+)*(?:clean|autoclean)\\b");
    private static final Pattern TESTS_MOUNT = Pattern.compile("\\bmountpoint\\b");

    private AptCacheHint() {
    }

    /** @param setupFiles setup scripts, builder scripts and {@code setup/lib} files */
    static List<ProjectProblem> warnings(ProjectTexts texts, List<String> setupFiles, List<String> libFiles) {
        boolean libTests = libFiles.stream().anyMatch(f -> texts.code(f).firstLineMatching(TESTS_MOUNT) > 0);
        List<ProjectProblem> hints = new ArrayList<>();
        for (String path : setupFiles) {
            ShellCode code = texts.code(path);
            int line = code.firstLineMatching(EMPTIES_CACHE);
            if (line > 0 && !libTests && code.firstLineMatching(TESTS_MOUNT) == 0) {
                hints.add(new ProjectProblem(path, "empties apt's cache at line " + line + ", but while setup steps run"
                                + " /var/lib/apt/lists and /var/cache/apt are BuildKit cache mounts (the apt cache, on by"
                                + " default): they never reach the image, and emptying them makes the next build"
                                + " download the package lists again",
                        "drop the line, or run it only without the mounts: mountpoint -q /var/lib/apt/lists || rm -rf"
                                + " /var/lib/apt/lists/*"));
            }
        }
        return hints;
    }
}
