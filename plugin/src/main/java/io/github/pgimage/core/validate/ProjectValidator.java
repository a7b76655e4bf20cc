package io.github.pgimage.core.validate;

import static io.github.pgimage.core.plan.ProjectLayout.CONFIG;
import static io.github.pgimage.core.plan.ProjectLayout.ENTRYPOINT;
import static io.github.pgimage.core.plan.ProjectLayout.ENTRYPOINT_LAYER;
import static io.github.pgimage.core.plan.ProjectLayout.ENTRYPOINT_MARKER;
import static io.github.pgimage.core.plan.ProjectLayout.RUNTIME_SCRIPTS;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_BUILD;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_LIB;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_SCRIPTS;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.github.pgimage.core.ignore.DockerIgnore;
import io.github.pgimage.core.plan.FileMode;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.plan.ProjectProblem;
import io.github.pgimage.core.plan.SetupScript;
import io.github.pgimage.core.scan.ProjectFiles;

/**
 * The project's validation rules, each turned into a {@link ProjectProblem} that names the file and the fix. Every
 * rule runs, so the user sees all problems at once. Rules read the project as the build sees it: what
 * .dockerignore excludes is not part of it (only the rule "a file the build needs is excluded" looks at those).
 */
public final class ProjectValidator {

    /** Names end up in {@code --mount} options, where commas, quotes and spaces would break the Dockerfile. */
    private static final Pattern SAFE_NAME = Pattern.compile("\\d+-[A-Za-z0-9._+-]+\\.sh");

    /**
     * Code that uses the entrypoint layer: its place in the image ({@code /opt/pgimage/entrypoint.d},
     * {@code $PGIMAGE_HOME/entrypoint.d}) or a relative path into the project's own {@code entrypoint.d/}.
     * {@code /docker-entrypoint.d} and {@code /docker-entrypoint-initdb.d} are other images' conventions.
     */
    static final Pattern USES_ENTRYPOINT_LAYER = Pattern.compile(
            "(?:/opt/pgimage/|\\$\\{?PGIMAGE_HOME(?:[:-][^}]*)?}?/)entrypoint\\.d(?![A-Za-z0-9_.-])"
                    + "|(?:\\.\\./)+entrypoint\\.d(?![A-Za-z0-9_.-])"
                    + "|(?<![A-Za-z0-9_./$}-])(?:\\./)?entrypoint\\.d(?:/|(?![A-Za-z0-9_.-]))");

    /** Top-level names that look like image content (other images' conventions) but are not part of the layout. */
    private static final Map<String, String> LOOK_ALIKES = Map.of(
            "docker-entrypoint.sh", "rename it " + ENTRYPOINT + " to make it the image's entrypoint",
            "docker-entrypoint-initdb.d/", "move its scripts into " + RUNTIME_SCRIPTS + "/ (or into " + CONFIG
                    + "/ for an entrypoint that runs them)",
            "docker-entrypoint.d/", "move its scripts into " + RUNTIME_SCRIPTS + "/",
            "initdb.d/", "move its scripts into " + RUNTIME_SCRIPTS + "/ (or into " + CONFIG
                    + "/ for an entrypoint that runs them)",
            "Dockerfile", "the plugin writes the Dockerfile: put RUN steps into " + SETUP_SCRIPTS
                    + "/NN-name.sh and image settings into the plugin's parameters",
            "Containerfile", "the plugin writes the Dockerfile: put RUN steps into " + SETUP_SCRIPTS
                    + "/NN-name.sh and image settings into the plugin's parameters");

    /** Engines stack at most 127 layers (overlay2); each step is one, the base image brings its own. */
    public static final int MANY_STEPS = 100;

    private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{3}");
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?");

    public List<ProjectProblem> validate(ProjectFiles scanned, DockerIgnore ignore, ImageSettings settings) {
        ProjectFiles files = scanned.without(ignore::isExcluded);
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

        // Executed by RUN or as ENTRYPOINT: they need an interpreter line. Runtime scripts may be sourced fragments.
        List<String> executed = new ArrayList<>(setupScripts);
        executed.addAll(builderScripts);
        if (scanned.contains(ENTRYPOINT)) {
            executed.add(ENTRYPOINT);
        }
        Set<String> withBom = new HashSet<>();
        List<String> shellFiles = new ArrayList<>(executed);
        for (String path : files.all().keySet()) {
            if (path.endsWith(".sh") && !shellFiles.contains(path)) {
                shellFiles.add(path);
            }
        }
        for (String path : shellFiles) {
            if (!files.contains(path)) {
                continue; // excluded by .dockerignore: reported below
            }
            ScriptText script = text.apply(path);
            if (script.hasBom()) {
                withBom.add(path);
                problems.add(new ProjectProblem(path, "starts with a UTF-8 byte order mark (BOM), which the shell reads"
                                + " as part of its first line" + (script.text().startsWith("\uFEFF#!") ? " (so #! is no shebang)" : ""),
                        "save it as UTF-8 without BOM (e.g. sed -i '1s/^\\xEF\\xBB\\xBF//' " + path + ")"));
            }
            int line = script.firstCrlfLine();
            if (line > 0) {
                problems.add(new ProjectProblem(path, "has Windows (CRLF) line endings, first at line " + line,
                        "convert it to LF endings (dos2unix, or '* text eol=lf' in .gitattributes)"));
            }
        }
        for (String path : executed) {
            if (files.contains(path) && !withBom.contains(path) && !text.apply(path).hasShebang()) {
                problems.add(new ProjectProblem(path, "has no shebang line, so it cannot be executed",
                        "make its first line an interpreter line such as #!/usr/bin/env bash"));
            }
        }

        List<String> setupFiles = new ArrayList<>(setupScripts);
        setupFiles.addAll(files.under(SETUP_LIB));
        setupFiles.addAll(builderScripts);
        Set<String> declaredSecrets = new HashSet<>(settings.secretIds());
        for (String path : setupFiles) {
            ScriptText script = text.apply(path);
            if (script.binary()) {
                continue;
            }
            ShellCode code = ShellCode.of(script.text());
            SecretReads.in(code).forEach((id, line) -> {
                if (!declaredSecrets.contains(id)) {
                    problems.add(new ProjectProblem(path, "reads /run/secrets/" + id + " at line " + line
                                    + ", but no secret '" + id + "' is declared",
                            "declare the build secret '" + id + "' with a file or an environment variable holding its value"));
                }
            });
            int line = code.firstLineMatching(USES_ENTRYPOINT_LAYER);
            if (line > 0) {
                boolean lib = path.startsWith(SETUP_LIB + "/");
                problems.add(new ProjectProblem(path, "uses the entrypoint layer (" + ENTRYPOINT_MARKER + ") at line "
                                + line + ", but setup runs before the entrypoint layer exists",
                        lib ? "move that logic into an " + RUNTIME_SCRIPTS + "/ runtime script; setup helpers cannot"
                                + " read the entrypoint layer"
                            : "move that logic into an " + RUNTIME_SCRIPTS + "/ runtime script, or keep what setup"
                                + " needs in " + SETUP_LIB + "/"));
            }
        }

        // A numbered script or the entrypoint that .dockerignore excludes is a pattern gone too wide (*.sh).
        List<String> needed = new ArrayList<>();
        for (String directory : List.of(SETUP_SCRIPTS, SETUP_BUILD, RUNTIME_SCRIPTS)) {
            for (String path : scanned.directlyIn(directory)) {
                if (path.endsWith(".sh") && SetupScript.prefixOf(path.substring(directory.length() + 1)).isPresent()) {
                    needed.add(path);
                }
            }
        }
        if (scanned.contains(ENTRYPOINT)) {
            needed.add(ENTRYPOINT);
        }
        for (String path : needed) {
            if (ignore.isExcluded(path)) {
                problems.add(new ProjectProblem(path, "is needed by the build but .dockerignore excludes it",
                        "remove or narrow the matching pattern in .dockerignore, or add an exception !" + path));
            }
        }
        problems.addAll(fileModeProblems(files, settings));
        return problems;
    }

    /**
     * What is allowed but probably not what the user meant: files that never run or never reach the image, and
     * more steps than an engine's layer limit tolerates.
     */
    public List<ProjectProblem> warnings(ProjectFiles scanned, DockerIgnore ignore, int steps) {
        ProjectFiles files = scanned.without(ignore::isExcluded);
        List<ProjectProblem> warnings = new ArrayList<>();
        if (!files.contains(ENTRYPOINT)) {
            for (String path : files.under(RUNTIME_SCRIPTS)) {
                String name = path.substring(RUNTIME_SCRIPTS.length() + 1);
                if (!name.contains("/") && !name.startsWith(".") && !name.endsWith(".sh")) {
                    warnings.add(new ProjectProblem(path, "is copied into the image, but the default entrypoint runs only"
                                    + " NN-name.sh files, so it never runs",
                            "turn it into a script (e.g. " + RUNTIME_SCRIPTS + "/NN-load.sh that runs psql on it), write"
                                    + " an " + ENTRYPOINT + " that handles it, or move it to " + CONFIG + "/ if a script"
                                    + " reads it"));
                }
            }
        }
        for (String name : files.topLevelNames()) {
            String advice = LOOK_ALIKES.get(name);
            if (advice != null) {
                warnings.add(new ProjectProblem(name, "looks like image content but is not part of the layout, so it"
                        + " never reaches the image", advice));
            }
        }
        if (steps > MANY_STEPS) {
            warnings.add(new ProjectProblem(SETUP_SCRIPTS + "/", steps + " build steps: each is a layer, and engines"
                            + " refuse images deeper than 127 layers (overlay2), the base image's included",
                    "merge small setup scripts into fewer steps"));
        }
        return warnings;
    }

    private static List<ProjectProblem> fileModeProblems(ProjectFiles files, ImageSettings settings) {
        List<ProjectProblem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (FileMode file : settings.fileModes()) {
            String path = file.path();
            if (!seen.add(path)) {
                problems.add(new ProjectProblem(path, "has its mode and owner declared twice", "keep one declaration"));
                continue;
            }
            if (ENTRYPOINT_LAYER.stream().noneMatch(place -> place.endsWith("/") ? path.startsWith(place) : path.equals(place))) {
                problems.add(new ProjectProblem(path, "has a declared mode and owner, but only files of the entrypoint"
                                + " layer (" + String.join(", ", ENTRYPOINT_LAYER) + ") are copied into the image",
                        "declare a path relative to the source directory, e.g. config/server.key"));
            } else if (!files.contains(path)) {
                problems.add(new ProjectProblem(path, "has a declared mode and owner, but the project has no such file"
                                + " (or .dockerignore excludes it)",
                        "fix the path (relative to the source directory) or add the file"));
            }
            if (!OCTAL_MODE.matcher(file.mode()).matches()) {
                problems.add(new ProjectProblem(path, "mode '" + file.mode() + "' is not an octal file mode",
                        "use three or four octal digits, e.g. 0600 for a key only its owner reads"));
            }
            String owner = settings.ownerOf(file);
            if (!OWNER.matcher(owner).matches()) {
                problems.add(new ProjectProblem(path, "owner '" + owner + "' is not a user or user:group",
                        "use a user the setup scripts create, e.g. postgres or postgres:postgres, or a uid[:gid]"));
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
                problems.add(new ProjectProblem(path, "is not named NN-name.sh, so it never runs (its place in the order"
                        + " is unknown)", renameAdvice(directory, name)));
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

    /** A script gets a numbered name; a file that is no script (README.md, x.orig) is moved or ignored instead. */
    private static String renameAdvice(String directory, String name) {
        int dot = name.lastIndexOf('.');
        boolean script = name.endsWith(".sh") || dot <= 0;
        if (script) {
            String base = name.replaceAll("\\.sh$", "").replaceAll("[^A-Za-z0-9._+-]", "-");
            return "rename it with a number prefix, e.g. " + directory + "/50-" + base + ".sh";
        }
        return "if it is a script, name it NN-name.sh; otherwise move it out of " + directory
                + "/ or exclude it in .dockerignore (e.g. " + directory + "/" + name + ")";
    }
}
