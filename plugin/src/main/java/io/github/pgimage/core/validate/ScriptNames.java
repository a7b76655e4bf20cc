package io.github.pgimage.core.validate;

import static io.github.pgimage.core.plan.ProjectLayout.RUNTIME_SCRIPTS;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.pgimage.core.plan.HiddenFiles;
import io.github.pgimage.core.plan.ProjectNote;
import io.github.pgimage.core.plan.ProjectProblem;
import io.github.pgimage.core.plan.SetupScript;
import io.github.pgimage.core.scan.ProjectFiles;

/**
 * The names of the numbered scripts in one folder: {@code NN-name.sh} or {@code NN_name.sh}, ordered by the number,
 * one script per number, names safe in mount options. Dot files are another rule's ({@code HiddenFiles}).
 */
final class ScriptNames {

    /** Names end up in {@code --mount} options, where commas, quotes and spaces would break the Dockerfile. */
    private static final Pattern SAFE_NAME = Pattern.compile("\\d+[-_][A-Za-z0-9._+-]+\\.sh");
    /** Where the advice to number a script starts: the middle of the usual 00–99 range. */
    private static final int ADVISED_NUMBER = 50;

    private ScriptNames() {
    }

    /**
     * The scripts directly in {@code directory}, checked for their {@code NN-name.sh} form and unique numbers. Anything
     * else that is not a numbered script is a problem, since it would silently never run; runtime scripts may keep
     * data files beside them.
     */
    static List<String> numberedScripts(ProjectFiles files, String directory, List<ProjectProblem> problems) {
        List<String> scripts = new ArrayList<>();
        Map<BigInteger, String> byNumber = new LinkedHashMap<>();
        Set<BigInteger> taken = new HashSet<>();
        for (String path : files.under(directory)) {
            SetupScript.prefixOf(path.substring(directory.length() + 1)).ifPresent(n -> taken.add(new BigInteger(n)));
        }
        int advised = ADVISED_NUMBER;
        for (String path : files.under(directory)) {
            String name = path.substring(directory.length() + 1);
            if (HiddenFiles.isHidden(path) || (directory.equals(RUNTIME_SCRIPTS) && !name.endsWith(".sh"))) {
                continue; // runtime scripts may keep data files beside them; they are copied as they are
            }
            if (name.contains("/")) {
                problems.add(new ProjectProblem(path, "is in a subdirectory of " + directory + "/, where it never runs",
                        "move it directly into " + directory + "/ as NN-name.sh, or into a lib/ directory"));
                continue;
            }
            if (SetupScript.prefixOf(name).isEmpty()) {
                while (taken.contains(BigInteger.valueOf(advised))) {
                    advised++;
                }
                String advice = renameAdvice(directory, name, advised);
                problems.add(new ProjectProblem(path, "is not named NN-name.sh, so it never runs (its place in the order"
                        + " is unknown)", advice));
                if (advice.contains(advised + "-")) {
                    taken.add(BigInteger.valueOf(advised));
                }
                continue;
            }
            if (!SAFE_NAME.matcher(name).matches()) {
                problems.add(new ProjectProblem(path, "has characters other than letters, digits, '.', '_', '+' and '-' in its name",
                        "rename it, e.g. " + directory + "/" + name.replaceAll("[^A-Za-z0-9._+-]", "-")));
                continue;
            }
            String prefix = SetupScript.prefixOf(name).get();
            String earlier = byNumber.putIfAbsent(new BigInteger(prefix), path);
            if (earlier != null) {
                problems.add(new ProjectProblem(path, "has the same number " + prefix + " as " + earlier
                                + ", so their order is ambiguous",
                        "give one of them a free number"));
            }
            scripts.add(path);
        }
        return scripts;
    }

    /** One line per script whose number ends at '_': read as the separator, as '-' is. */
    static List<ProjectNote> underscoreNotes(ProjectFiles files, List<String> directories) {
        List<ProjectNote> notes = new ArrayList<>();
        for (String directory : directories) {
            for (String path : files.directlyIn(directory)) {
                String name = path.substring(directory.length() + 1);
                if (SetupScript.underscoreSeparated(name)) {
                    notes.add(new ProjectNote(path, "'_' read as the end of its number "
                            + SetupScript.prefixOf(name).orElseThrow() + ", as '-' is"));
                }
            }
        }
        return notes;
    }

    /**
     * A script gets a numbered name, each its own number (two files told to become {@code 50-} would clash); a file
     * that is no script (README.md, x.orig) is moved or ignored instead.
     */
    private static String renameAdvice(String directory, String name, int number) {
        int dot = name.lastIndexOf('.');
        boolean script = name.endsWith(".sh") || dot <= 0;
        if (script) {
            String base = name.replaceAll("\\.sh$", "").replaceAll("[^A-Za-z0-9._+-]", "-");
            return "rename it with a number prefix for its place in the order, e.g. " + directory + "/" + number + "-"
                    + base + ".sh";
        }
        return "if it is a script, name it NN-name.sh; otherwise move it out of " + directory
                + "/ or exclude it in .dockerignore (e.g. " + directory + "/" + name + ")";
    }
}
