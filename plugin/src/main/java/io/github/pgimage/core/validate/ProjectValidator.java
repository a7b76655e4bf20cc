package io.github.pgimage.core.validate;

import static io.github.pgimage.core.plan.ProjectLayout.CONFIG;
import static io.github.pgimage.core.plan.ProjectLayout.ENTRYPOINT;
import static io.github.pgimage.core.plan.ProjectLayout.ENTRYPOINT_LAYER;
import static io.github.pgimage.core.plan.ProjectLayout.ENTRYPOINT_MARKER;
import static io.github.pgimage.core.plan.ProjectLayout.RUNTIME_SCRIPTS;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_BUILD;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_LIB;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_SCRIPTS;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.github.pgimage.core.ignore.DockerIgnore;
import io.github.pgimage.core.plan.FileMode;
import io.github.pgimage.core.plan.HiddenFiles;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.plan.ProjectNote;
import io.github.pgimage.core.plan.ProjectProblem;
import io.github.pgimage.core.plan.SetupScript;
import io.github.pgimage.core.scan.ProjectFiles;

/**
 * The project's validation rules, each turned into a {@link ProjectProblem} that names the file and the fix. Every
 * rule runs, so the user sees all problems at once. Rules read the project as the build sees it: what
 * .dockerignore excludes is not part of it (only the rule "a file the build needs is excluded" looks at those).
 */
public final class ProjectValidator {

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

    /** The last scan as the build sees it: validate, warnings and notes read the same one, filtered once. */
    private ProjectFiles lastScanned;
    private DockerIgnore lastIgnore;
    private ProjectFiles lastVisible;

    private synchronized ProjectFiles visible(ProjectFiles scanned, DockerIgnore ignore) {
        if (scanned != lastScanned || ignore != lastIgnore) {
            lastVisible = scanned.without(ignore::isExcluded);
            lastScanned = scanned;
            lastIgnore = ignore;
        }
        return lastVisible;
    }

    public List<ProjectProblem> validate(ProjectFiles scanned, DockerIgnore ignore, ImageSettings settings) {
        ProjectFiles files = visible(scanned, ignore);
        List<ProjectProblem> problems = new ArrayList<>(files.problems());
        // Several rules read the same script: each file is read once.
        ProjectTexts texts = new ProjectTexts(files);
        Function<String, ScriptText> text = texts::text;
        List<String> setupScripts = ScriptNames.numberedScripts(files, SETUP_SCRIPTS, problems);
        List<String> builderScripts = ScriptNames.numberedScripts(files, SETUP_BUILD, problems);
        List<String> runtimeScripts = ScriptNames.numberedScripts(files, RUNTIME_SCRIPTS, problems);
        problems.addAll(linksTheBuildMustRead(files));

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
                boolean empty = text.apply(path).text().startsWith("#!");
                problems.add(new ProjectProblem(path, empty ? "has a #! line that names no interpreter, so it cannot be"
                                + " run" : "has no shebang line, so it cannot be run",
                        "make its first line an interpreter line such as #!/usr/bin/env bash"));
            }
        }

        List<String> setupFiles = setupFiles(files, setupScripts, builderScripts);
        Set<String> declaredSecrets = new HashSet<>(settings.secretIds());
        Map<String, String> libVariables = secretVariablesOfLib(files, texts);
        for (String path : setupFiles) {
            ScriptText script = text.apply(path);
            if (script.binary()) {
                continue;
            }
            ShellCode code = texts.code(path);
            Map<String, String> variables = new LinkedHashMap<>(libVariables);
            variables.putAll(SecretVariables.in(code));
            SecretReads.in(SecretVariables.expand(code, variables)).forEach((id, line) -> {
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
        if (!files.contains(ENTRYPOINT)) {
            problems.addAll(new DefaultEntrypointRules(texts, runtimeScripts, setupScripts, settings).problems());
        }
        problems.addAll(new UnplacedFiles(texts, setupFiles, runtimeFiles(files), LOOK_ALIKES.keySet()).problems());
        return problems;
    }

    /** Setup scripts, {@code setup/lib} and builder scripts: what runs while the image is built. */
    private static List<String> setupFiles(ProjectFiles files, List<String> setupScripts, List<String> builderScripts) {
        List<String> setupFiles = new ArrayList<>(setupScripts);
        setupFiles.addAll(files.under(SETUP_LIB));
        setupFiles.addAll(builderScripts);
        return setupFiles;
    }

    /**
     * {@code entrypoint.sh} and {@code entrypoint.d/}: the code the running container runs. {@code config/} is left
     * unread: it is data, and can be thousands of files.
     */
    private static List<String> runtimeFiles(ProjectFiles files) {
        List<String> runtime = new ArrayList<>();
        if (files.contains(ENTRYPOINT)) {
            runtime.add(ENTRYPOINT);
        }
        runtime.addAll(files.under(ENTRYPOINT_MARKER));
        return runtime;
    }

    /** Variables {@code setup/lib} assigns a {@code /run/secrets} path: every setup file that sources it has them. */
    private static Map<String, String> secretVariablesOfLib(ProjectFiles files, ProjectTexts texts) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String lib : files.under(SETUP_LIB)) {
            variables.putAll(SecretVariables.in(texts.code(lib)));
        }
        return variables;
    }

    /**
     * A link meant for the image cannot be a script the build runs or reads: the build reads scripts from the
     * context, where the link points nowhere.
     */
    private static List<ProjectProblem> linksTheBuildMustRead(ProjectFiles files) {
        List<ProjectProblem> problems = new ArrayList<>();
        files.links().forEach((path, target) -> {
            boolean script = path.equals(ENTRYPOINT) || List.of(SETUP_SCRIPTS, SETUP_BUILD, RUNTIME_SCRIPTS).stream()
                    .anyMatch(dir -> path.startsWith(dir + "/") && path.indexOf('/', dir.length() + 1) < 0
                            && path.endsWith(".sh"));
            if (script) {
                problems.add(new ProjectProblem(path, "is a symbolic link to " + target + ", outside the project: the"
                                + " build cannot read or run it",
                        "copy the script into the project, or point the link at a file inside it"));
            }
        });
        return problems;
    }

    /**
     * What is allowed but probably not what the user meant: files that never run or never reach the image, and
     * more steps than an engine's layer limit tolerates.
     */
    public List<ProjectProblem> warnings(ProjectFiles scanned, DockerIgnore ignore, ImageSettings settings, int steps) {
        ProjectFiles files = visible(scanned, ignore);
        ProjectTexts texts = new ProjectTexts(files);
        List<ProjectProblem> warnings = new ArrayList<>();
        List<String> setupScripts = ScriptNames.numberedScripts(files, SETUP_SCRIPTS, new ArrayList<>());
        List<String> builderScripts = ScriptNames.numberedScripts(files, SETUP_BUILD, new ArrayList<>());
        List<String> setupFiles = setupFiles(files, setupScripts, builderScripts);
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
        if (!files.contains(ENTRYPOINT)) {
            List<String> runtimeScripts = ScriptNames.numberedScripts(files, RUNTIME_SCRIPTS, new ArrayList<>());
            warnings.addAll(new DefaultEntrypointRules(texts, runtimeScripts, setupScripts, settings).warnings());
        }
        warnings.addAll(new UnplacedFiles(texts, setupFiles, runtimeFiles(files), LOOK_ALIKES.keySet()).warnings());
        warnings.addAll(hiddenFiles(files, ignore, settings));
        if (settings.aptCache()) {
            warnings.addAll(AptCacheHint.warnings(texts, setupFiles, files.under(SETUP_LIB)));
        }
        if (steps > MANY_STEPS) {
            warnings.add(new ProjectProblem(SETUP_SCRIPTS + "/", steps + " build steps: each is a layer, and engines"
                            + " refuse images deeper than 127 layers (overlay2), the base image's included",
                    "merge small setup scripts into fewer steps"));
        }
        return warnings;
    }

    /**
     * How the plugin read what could be read two ways: a script number that ends at '_', a link kept as a link for
     * the image to resolve.
     */
    public List<ProjectNote> notes(ProjectFiles scanned, DockerIgnore ignore, ImageSettings settings) {
        ProjectFiles files = visible(scanned, ignore);
        List<ProjectNote> notes = new ArrayList<>(ScriptNames.underscoreNotes(files,
                List.of(SETUP_SCRIPTS, SETUP_BUILD, RUNTIME_SCRIPTS)));
        files.links().forEach((path, target) -> {
            if (!HiddenFiles.leftOut(path, ignore, settings)) {
                notes.add(new ProjectNote(path, "is a symbolic link to " + target + ", outside the project: copied as a"
                        + " link (as docker build does), to be resolved in the image"));
            }
        });
        return notes;
    }

    /** Hidden files the context leaves out: named once each (Git's placeholders silently). */
    private static List<ProjectProblem> hiddenFiles(ProjectFiles files, DockerIgnore ignore, ImageSettings settings) {
        List<String> paths = new ArrayList<>(files.all().keySet());
        paths.addAll(files.links().keySet());
        files.unplaced().stream().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).forEach(paths::add);
        List<ProjectProblem> warnings = new ArrayList<>();
        for (String path : new java.util.TreeSet<>(paths)) {
            if (HiddenFiles.leftOut(path, ignore, settings) && !HiddenFiles.isPlaceholder(path)) {
                warnings.add(new ProjectProblem(path, "is a hidden file (an editor's or a tool's?), so it is left out of"
                        + " the image and the setup mounts",
                        "delete it, exclude it in .dockerignore to silence this, or keep it with an exception (!" + path
                                + ") in .dockerignore"));
            }
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
}
