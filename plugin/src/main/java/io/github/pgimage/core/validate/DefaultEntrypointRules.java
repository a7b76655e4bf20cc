package io.github.pgimage.core.validate;

import static io.github.pgimage.core.plan.ProjectLayout.RUNTIME_LIB;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_LIB;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.plan.ProjectProblem;

/**
 * What the default entrypoint does with the runtime scripts, checked before the build: it executes a script whose
 * first line is a shebang through that interpreter and sources any other into its own shell, which is bash when the
 * image has bash and sh otherwise. Two ways that goes wrong at start are problems (or a warning, when the plugin
 * cannot know): a library of functions that has a shebang (executed, its functions are lost to the scripts after
 * it), and a sourced fragment written for bash in an image without bash ({@link ImageShell}).
 */
final class DefaultEntrypointRules {

    private final ProjectTexts texts;
    private final List<String> runtimeScripts;
    private final ImageSettings settings;
    private final List<String> setupScripts;

    /** @param runtimeScripts the numbered runtime scripts, which the default entrypoint runs */
    DefaultEntrypointRules(ProjectTexts texts, List<String> runtimeScripts, List<String> setupScripts,
                           ImageSettings settings) {
        this.texts = texts;
        this.runtimeScripts = runtimeScripts;
        this.setupScripts = setupScripts;
        this.settings = settings;
    }

    List<ProjectProblem> problems() {
        List<ProjectProblem> problems = new ArrayList<>();
        for (String path : runtimeScripts) {
            ScriptText text = texts.text(path);
            if (!text.binary() && text.hasShebang() && FunctionLibrary.definesOnly(texts.code(path))) {
                problems.add(new ProjectProblem(path, "has a shebang line, so the default entrypoint executes it in a"
                                + " process of its own, but it only defines functions and variables, which are then lost"
                                + " to the scripts after it",
                        "remove its shebang line so that it is sourced, or move it to " + RUNTIME_LIB
                                + "/ and source it from the scripts that use it"));
            }
        }
        bashOnlyFragments(ImageShell.Bash.ABSENT).forEach(problems::add);
        return problems;
    }

    List<ProjectProblem> warnings() {
        return bashOnlyFragments(ImageShell.Bash.UNKNOWN);
    }

    /** Sourced fragments with bash syntax, reported when the image's bash is {@code when}. */
    private List<ProjectProblem> bashOnlyFragments(ImageShell.Bash when) {
        List<ProjectProblem> found = new ArrayList<>();
        ImageShell shell = null;
        for (String path : runtimeScripts) {
            ScriptText text = texts.text(path);
            if (text.binary() || text.hasShebang()) {
                continue;
            }
            Optional<BashSyntax.Found> bash = BashSyntax.firstIn(texts.code(path));
            if (bash.isEmpty()) {
                continue;
            }
            if (shell == null) {
                shell = imageShell();
            }
            if (shell.bash() == when) {
                found.add(new ProjectProblem(path, "uses bash syntax (" + bash.get().construct() + ") at line "
                                + bash.get().line() + " and has no shebang, so the default entrypoint sources it into its"
                                + " shell, which is sh when the image has no bash: " + shell.because(),
                        "install bash in a setup script (e.g. apk add --no-cache bash; the default entrypoint then"
                                + " runs under bash), or write the line for sh"));
            }
        }
        return found;
    }

    private ImageShell imageShell() {
        Map<String, String> scripts = new LinkedHashMap<>();
        for (String path : setupScripts) {
            ScriptText text = texts.text(path);
            if (!text.binary()) {
                scripts.put(path, text.text());
            }
        }
        Map<String, ShellCode> lib = new LinkedHashMap<>();
        for (String path : texts.files().under(SETUP_LIB)) {
            lib.put(path, texts.code(path));
        }
        return ImageShell.of(settings.baseImage(), scripts, lib);
    }
}
