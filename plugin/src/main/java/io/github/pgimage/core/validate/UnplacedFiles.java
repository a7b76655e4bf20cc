package io.github.pgimage.core.validate;

import static io.github.pgimage.core.plan.ProjectLayout.CONFIG;
import static io.github.pgimage.core.plan.ProjectLayout.IMAGE_HOME;
import static io.github.pgimage.core.plan.ProjectLayout.RUNTIME_LIB;
import static io.github.pgimage.core.plan.ProjectLayout.RUNTIME_SCRIPTS;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_LIB;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_SCRIPTS;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.pgimage.core.plan.HiddenFiles;
import io.github.pgimage.core.plan.ProjectProblem;

/**
 * Files and folders in {@code setup/} and {@code entrypoint.d/} that no part of the layout takes
 * ({@code setup/debs/}, {@code entrypoint.d/10-x.sh}), or at the top of a source directory of its own, never reach
 * the context: a warning says where they would have
 * to go, and when a setup or runtime file names one by its image path ({@code dpkg -i /opt/pgimage/setup/debs/*.deb})
 * it is a problem, since that line would fail. So is a runtime file that names {@code setup/}: it is bind-mounted
 * while setup steps run and never copied into the image.
 */
final class UnplacedFiles {

    /** {@code /opt/pgimage/}, {@code $PGIMAGE_HOME/}, {@code ${PGIMAGE_HOME}/}, {@code ${PGIMAGE_HOME:-/opt/pgimage}/}. */
    private static final String IMAGE_HOME_PREFIX = "(?:" + Pattern.quote(IMAGE_HOME)
            + "|\\$\\{?PGIMAGE_HOME(?:[:-][^}]*)?}?)/";
    private static final Pattern NAMES_SETUP = Pattern.compile(IMAGE_HOME_PREFIX
            + "setup(?:/(?:lib|scripts|build)(?![A-Za-z0-9_.-])|(?![A-Za-z0-9_./-]))");

    private final ProjectTexts texts;
    private final List<String> setupFiles;
    private final List<String> runtimeFiles;
    private final Set<String> warnedElsewhere;

    /**
     * @param setupFiles      setup scripts, {@code setup/lib} and builder scripts
     * @param runtimeFiles    {@code entrypoint.sh} and {@code entrypoint.d/} files
     * @param warnedElsewhere top-level names another warning speaks of (other images' conventions)
     */
    UnplacedFiles(ProjectTexts texts, List<String> setupFiles, List<String> runtimeFiles, Set<String> warnedElsewhere) {
        this.texts = texts;
        this.setupFiles = setupFiles;
        this.runtimeFiles = runtimeFiles;
        this.warnedElsewhere = warnedElsewhere;
    }

    List<ProjectProblem> problems() {
        List<ProjectProblem> problems = new ArrayList<>();
        for (String unplaced : candidates()) {
            Naming naming = namedBy(unplaced);
            if (naming != null) {
                problems.add(new ProjectProblem(unplaced, "is taken by no part of the layout, so it is neither in the"
                        + " image nor mounted in setup steps, but " + naming.file() + " names "
                        + IMAGE_HOME + "/" + bare(unplaced) + " at line " + naming.line(), whereItGoes(unplaced)));
            }
        }
        for (String path : runtimeFiles) {
            int line = texts.code(path).firstLineMatching(NAMES_SETUP);
            if (line > 0) {
                problems.add(new ProjectProblem(path, "names " + IMAGE_HOME + "/setup at line " + line + ", but setup/"
                                + " is mounted only while setup steps run and is never in the image",
                        "move what the running container needs into " + RUNTIME_LIB + "/ (or " + CONFIG + "/)"));
            }
        }
        return problems;
    }

    List<ProjectProblem> warnings() {
        List<ProjectProblem> warnings = new ArrayList<>();
        for (String unplaced : candidates()) {
            if (namedBy(unplaced) == null && !isDocumentation(unplaced)) {
                warnings.add(new ProjectProblem(unplaced, "is taken by no part of the layout, so it never reaches the"
                        + " image", whereItGoes(unplaced) + " (or exclude it in .dockerignore)"));
            }
        }
        return warnings;
    }

    /** Unplaced entries the hidden-file rule and the look-alike rule do not already speak of. */
    private List<String> candidates() {
        return texts.files().unplaced().stream()
                .filter(u -> !HiddenFiles.isHidden(bare(u)) && !warnedElsewhere.contains(u)).toList();
    }

    private Naming namedBy(String unplaced) {
        Pattern path = Pattern.compile(IMAGE_HOME_PREFIX + Pattern.quote(bare(unplaced)) + "(?![A-Za-z0-9_.-])");
        List<String> readers = new ArrayList<>(setupFiles);
        readers.addAll(runtimeFiles);
        for (String file : readers) {
            int line = texts.code(file).firstLineMatching(path);
            if (line > 0) {
                return new Naming(file, line);
            }
        }
        return null;
    }

    private record Naming(String file, int line) {
    }

    private static String whereItGoes(String unplaced) {
        String name = bare(unplaced).substring(bare(unplaced).indexOf('/') + 1);
        boolean directory = unplaced.endsWith("/");
        if (!bare(unplaced).contains("/")) { // at the top of a source directory of its own
            return name.endsWith(".sh") && !directory
                    ? "a setup script goes into " + SETUP_SCRIPTS + "/, a runtime script into " + RUNTIME_SCRIPTS
                            + "/, as NN-name.sh"
                    : "what setup steps read goes into " + SETUP_LIB + "/, what the running container reads into "
                            + RUNTIME_LIB + "/ or " + CONFIG + "/: move it to one of them";
        }
        if (unplaced.startsWith("setup/")) {
            if (!directory && name.endsWith(".sh")) {
                return "a setup script goes into " + SETUP_SCRIPTS + "/ as NN-name.sh; a helper for setup scripts into "
                        + SETUP_LIB + "/";
            }
            return "what setup steps read goes into " + SETUP_LIB + "/ (mounted at " + IMAGE_HOME + "/" + SETUP_LIB
                    + "/ in every setup step): move it to " + SETUP_LIB + "/" + name + (directory ? "/" : "");
        }
        if (!directory && name.endsWith(".sh")) {
            return "a runtime script goes into " + RUNTIME_SCRIPTS + "/ as NN-name.sh; a helper for them into "
                    + RUNTIME_LIB + "/";
        }
        return "what the running container reads goes into " + RUNTIME_LIB + "/ or " + CONFIG + "/: move it to "
                + RUNTIME_LIB + "/" + name + (directory ? "/" : "");
    }

    private static boolean isDocumentation(String unplaced) {
        String name = bare(unplaced).substring(bare(unplaced).lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        return !unplaced.endsWith("/") && (name.endsWith(".md") || name.startsWith("readme") || name.startsWith("license"));
    }

    private static String bare(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
}
