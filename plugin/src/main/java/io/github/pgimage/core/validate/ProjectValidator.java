package io.github.pgimage.core.validate;

import static io.github.pgimage.core.plan.ProjectLayout.ENTRYPOINT;
import static io.github.pgimage.core.plan.ProjectLayout.ENTRYPOINT_MARKER;
import static io.github.pgimage.core.plan.ProjectLayout.RUNTIME_SCRIPTS;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_BUILD;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_LIB;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_SCRIPTS;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.github.pgimage.core.ignore.DockerIgnore;
import io.github.pgimage.core.plan.ProjectProblem;
import io.github.pgimage.core.plan.SetupScript;
import io.github.pgimage.core.scan.ProjectFiles;
import io.github.pgimage.core.session.SecretReferences;

/**
 * The rules of SPEC.md's "Validation" paragraph, each turned into a {@link ProjectProblem} that names the file
 * and the fix. Every rule runs, so the user sees all problems at once.
 */
public final class ProjectValidator {

    /** Names end up in {@code --mount} options, where commas, quotes and spaces would break the Dockerfile. */
    private static final Pattern SAFE_NAME = Pattern.compile("\\d+-[A-Za-z0-9._+-]+\\.sh");

    public List<ProjectProblem> validate(ProjectFiles files, DockerIgnore ignore, Collection<String> declaredSecrets) {
        List<ProjectProblem> problems = new ArrayList<>(files.problems());
        // Several rules read the same script: each file is read once.
        Map<String, ScriptText> texts = new HashMap<>();
        Function<String, ScriptText> text = path -> texts.computeIfAbsent(path, p -> ScriptText.read(files.resolve(p)));
        List<String> setupScripts = numberedScripts(files, SETUP_SCRIPTS, problems);
        List<String> builderScripts = numberedScripts(files, SETUP_BUILD, problems);
        List<String> runtimeScripts = numberedScripts(files, RUNTIME_SCRIPTS, problems);

        if (setupScripts.isEmpty()) {
            problems.add(new ProjectProblem(SETUP_SCRIPTS + "/", "there is no setup script",
                    "add at least one script named NN-name.sh, e.g. " + SETUP_SCRIPTS + "/01-install-packages.sh"));
        }

        List<String> executed = new ArrayList<>(setupScripts);
        executed.addAll(builderScripts);
        executed.addAll(runtimeScripts);
        if (files.contains(ENTRYPOINT)) {
            executed.add(ENTRYPOINT);
        }
        for (String path : executed) {
            if (!text.apply(path).hasShebang()) {
                problems.add(new ProjectProblem(path, "has no shebang line, so it cannot be executed",
                        "make its first line an interpreter line such as #!/usr/bin/env bash"));
            }
        }

        for (String path : files.all().keySet()) {
            if (!path.endsWith(".sh")) {
                continue;
            }
            int line = text.apply(path).firstCrlfLine();
            if (line > 0) {
                problems.add(new ProjectProblem(path, "has Windows (CRLF) line endings, first at line " + line,
                        "convert it to LF endings (dos2unix, or '* text eol=lf' in .gitattributes)"));
            }
        }

        List<String> setupFiles = new ArrayList<>(setupScripts);
        setupFiles.addAll(files.under(SETUP_LIB));
        setupFiles.addAll(builderScripts);
        for (String path : setupFiles) {
            ScriptText script = text.apply(path);
            for (String id : script.binary() ? Set.<String>of() : SecretReferences.in(script.text())) {
                if (!declaredSecrets.contains(id)) {
                    problems.add(new ProjectProblem(path, "reads /run/secrets/" + id + " at line "
                                    + script.firstLineContaining("/run/secrets/" + id) + ", but no secret '" + id + "' is declared",
                            "declare it in the plugin's <secrets>: <secret><id>" + id + "</id><file>…</file></secret>"
                                    + " (or <env>…</env>)"));
                }
            }
            int line = script.binary() ? 0 : script.firstLineContaining(ENTRYPOINT_MARKER);
            if (line > 0) {
                problems.add(new ProjectProblem(path, "refers to " + ENTRYPOINT_MARKER + " at line " + line
                                + ", but setup runs before the entrypoint layer exists",
                        "move that logic into an " + ENTRYPOINT_MARKER + "/scripts/ runtime script or into setup/lib/"));
            }
        }

        List<String> needed = new ArrayList<>(executed);
        for (String path : needed) {
            if (ignore.isExcluded(path)) {
                problems.add(new ProjectProblem(path, "is needed by the build but .dockerignore excludes it",
                        "remove or narrow the matching pattern in .dockerignore, or add an exception !" + path));
            }
        }
        return problems;
    }

    /**
     * The scripts directly in {@code directory}, checked for their {@code NN-name.sh} form and unique numbers.
     * Dot files (.gitkeep) are left alone; anything else that is not a numbered script is a problem, since it
     * would silently never run.
     */
    private static List<String> numberedScripts(ProjectFiles files, String directory, List<ProjectProblem> problems) {
        List<String> scripts = new ArrayList<>();
        Map<BigInteger, String> byNumber = new LinkedHashMap<>();
        for (String path : files.under(directory)) {
            String name = path.substring(directory.length() + 1);
            if (name.startsWith(".") || (directory.equals(RUNTIME_SCRIPTS) && !name.endsWith(".sh"))) {
                continue; // runtime scripts may keep data files beside them; they are copied as they are
            }
            if (name.contains("/")) {
                problems.add(new ProjectProblem(path, "is in a subdirectory of " + directory + "/, where it never runs",
                        "move it directly into " + directory + "/ as NN-name.sh, or into a lib/ directory"));
                continue;
            }
            if (SetupScript.prefixOf(name).isEmpty()) {
                problems.add(new ProjectProblem(path, "is not named NN-name.sh, so its place in the order is unknown",
                        "rename it with a number prefix, e.g. " + directory + "/50-" + name.replaceAll("\\.sh$", "") + ".sh"));
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
}
