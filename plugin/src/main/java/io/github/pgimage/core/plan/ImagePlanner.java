package io.github.pgimage.core.plan;

import static io.github.pgimage.core.plan.ProjectLayout.CONFIG;
import static io.github.pgimage.core.plan.ProjectLayout.DOCKERIGNORE;
import static io.github.pgimage.core.plan.ProjectLayout.ENTRYPOINT;
import static io.github.pgimage.core.plan.ProjectLayout.IMAGE_HOME;
import static io.github.pgimage.core.plan.ProjectLayout.RUNTIME_LIB;
import static io.github.pgimage.core.plan.ProjectLayout.RUNTIME_SCRIPTS;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_BUILD;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_LIB;
import static io.github.pgimage.core.plan.ProjectLayout.SETUP_SCRIPTS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

import io.github.pgimage.core.ignore.DockerIgnore;
import io.github.pgimage.core.ignore.DockerIgnoreException;
import io.github.pgimage.core.scan.ProjectFiles;
import io.github.pgimage.core.scan.ProjectScanner;
import io.github.pgimage.core.session.SecretReferences;
import io.github.pgimage.core.validate.ProjectValidator;
import io.github.pgimage.core.validate.SecretVariables;
import io.github.pgimage.core.validate.ShellCode;
import io.github.pgimage.core.validate.SettingsValidator;
import io.github.pgimage.core.files.IoReason;

/**
 * Turns a source directory and the user's settings into an {@link ImagePlan}: scan, apply .dockerignore,
 * validate everything (all problems at once), then order the steps stable before volatile.
 */
public final class ImagePlanner {

    private final ProjectScanner scanner = new ProjectScanner();
    private final ProjectValidator projectValidator = new ProjectValidator();
    private final SettingsValidator settingsValidator = new SettingsValidator();

    /** @throws InvalidProjectException listing every problem of the project and of the settings */
    public ImagePlan plan(Path sourceDirectory, ImageSettings settings) {
        return plan(sourceDirectory, List.of(), settings);
    }

    /**
     * @param sharedDirectories folders with the same layout whose files count as the project's own (helpers several
     *                          image modules share); links may point into them
     * @throws InvalidProjectException listing every problem of the project and of the settings
     */
    public ImagePlan plan(Path sourceDirectory, List<Path> sharedDirectories, ImageSettings settings) {
        ProjectFiles files = scanner.scan(sourceDirectory, sharedDirectories);
        List<ProjectProblem> problems = new ArrayList<>();
        String ignoreText = "";
        DockerIgnore ignore = DockerIgnore.none();
        if (files.contains(DOCKERIGNORE)) {
            ignoreText = read(files.resolve(DOCKERIGNORE));
            try {
                ignore = DockerIgnore.parse(ignoreText);
            } catch (DockerIgnoreException e) {
                problems.add(new ProjectProblem(DOCKERIGNORE, e.getMessage(), "fix the pattern (Docker's .dockerignore syntax)"));
            }
        }
        problems.addAll(projectValidator.validate(files, ignore, settings));
        problems.addAll(settingsValidator.validate(settings));
        if (!problems.isEmpty()) {
            throw new InvalidProjectException(files.root(), problems);
        }

        DockerIgnore rules = ignore;
        Predicate<String> inContext = path -> !path.equals(DOCKERIGNORE) && !rules.isExcluded(path)
                && !HiddenFiles.leftOut(path, rules, settings);
        Map<String, Path> included = new TreeMap<>();
        files.all().forEach((path, file) -> {
            if (inContext.test(path)) {
                included.put(path, file);
            }
        });
        Map<String, String> links = new TreeMap<>();
        files.links().forEach((path, target) -> {
            if (inContext.test(path)) {
                links.put(path, target);
            }
        });
        // The entrypoint layer's copies carry its links too (a COPY of a folder copies a link as a link)
        Set<String> copied = new TreeSet<>(included.keySet());
        copied.addAll(links.keySet());
        SetupLayer setup = new SetupLayer(numbered(included, SETUP_SCRIPTS), under(included.keySet(), SETUP_LIB),
                numbered(included, SETUP_BUILD));
        EntrypointLayer entrypoint = new EntrypointLayer(included.containsKey(ENTRYPOINT) ? ENTRYPOINT : null,
                numbered(included, RUNTIME_SCRIPTS), under(copied, RUNTIME_SCRIPTS), under(copied, CONFIG),
                under(copied, RUNTIME_LIB));
        CacheBoundary boundary = boundary(setup, entrypoint, settings, included);
        List<ProjectProblem> ruleProblems = CacheBoundary.problems(settings.invalidation(), boundary.scripts());
        if (!ruleProblems.isEmpty()) {
            throw new InvalidProjectException(files.root(), ruleProblems);
        }
        // Files with a declared mode and owner travel apart, so that their directory's COPY leaves them out.
        Map<String, Path> contextFiles = new TreeMap<>(included);
        for (FileMode file : settings.fileModes()) {
            contextFiles.put(file.contextPath(), contextFiles.remove(file.path()));
        }
        List<ProjectProblem> warnings = projectValidator.warnings(files, ignore, settings, boundary.steps().size());
        return new ImagePlan(files.root(), settings, setup, entrypoint, boundary, contextFiles, links, ignoreText,
                warnings, projectValidator.notes(files, ignore, settings), BuildEngine.BUILDKIT);
    }

    private static CacheBoundary boundary(SetupLayer setup, EntrypointLayer entrypoint, ImageSettings settings,
                                          Map<String, Path> included) {
        List<PlannedStep> steps = new ArrayList<>();
        Function<SetupScript, List<String>> secretsUsedBy = secretMounts(setup, settings, included);
        BuildArgPlacement setupArgs = new BuildArgPlacement(settings.buildArgNames(), setup.scripts(), setup, included);
        for (SetupScript script : setup.scripts()) {
            steps.add(new PlannedStep.RunScript(ImagePlan.SETUP_STAGE, script, setup.libFiles(),
                    secretsUsedBy.apply(script), setupArgs.declaredBefore(script), interpreterOf(script, included)));
        }
        if (setup.hasBuilderStage()) {
            // A new stage starts without the setup stage's ARGs: it declares its own.
            BuildArgPlacement builderArgs = new BuildArgPlacement(settings.buildArgNames(), setup.builderScripts(), setup,
                    included);
            steps.add(new PlannedStep.PrepareBuildOutput(ImagePlan.BUILD_STAGE));
            for (SetupScript script : setup.builderScripts()) {
                steps.add(new PlannedStep.RunScript(ImagePlan.BUILD_STAGE, script, setup.libFiles(),
                        secretsUsedBy.apply(script), builderArgs.declaredBefore(script), interpreterOf(script, included)));
            }
        }
        int boundary = steps.size();
        if (setup.hasBuilderStage()) {
            steps.add(new PlannedStep.CopyBuildOutput(ImagePlan.RUNTIME_STAGE, ImagePlan.BUILD_STAGE));
        }
        // Stable before volatile: configuration changes least, runtime scripts most.
        addDirectoryCopy(steps, CONFIG, entrypoint.configurationFiles(), settings);
        addDirectoryCopy(steps, RUNTIME_LIB, entrypoint.utilityFiles(), settings);
        addDirectoryCopy(steps, null, List.of(ENTRYPOINT), settings);
        addDirectoryCopy(steps, RUNTIME_SCRIPTS, entrypoint.runtimeFiles(), settings);
        return new CacheBoundary(steps, boundary, settings.invalidation());
    }

    /**
     * One COPY for a directory of the entrypoint layer (or the single file {@code entrypoint.sh} when
     * {@code directory} is null), then one per file of it with a declared mode and owner, which the directory's
     * COPY does not carry.
     */
    private static void addDirectoryCopy(List<PlannedStep> steps, String directory, List<String> files,
                                         ImageSettings settings) {
        List<String> plain = files.stream().filter(f -> settings.fileMode(f).isEmpty()).toList();
        if (directory == null) {
            if (!plain.isEmpty()) {
                steps.add(new PlannedStep.CopyFiles(ImagePlan.RUNTIME_STAGE, ENTRYPOINT, IMAGE_HOME + "/" + ENTRYPOINT,
                        List.of(ENTRYPOINT)));
            }
        } else if (!plain.isEmpty()) {
            steps.add(new PlannedStep.CopyFiles(ImagePlan.RUNTIME_STAGE, directory + "/",
                    IMAGE_HOME + "/" + directory + "/", plain));
        }
        for (String path : files) {
            settings.fileMode(path).ifPresent(mode -> steps.add(new PlannedStep.CopyPrivateFile(
                    ImagePlan.RUNTIME_STAGE, mode, settings.ownerOf(mode), IMAGE_HOME + "/" + path)));
        }
    }

    /**
     * Declared secrets a step mounts: those its own script or the shared lib names as {@code /run/secrets/<id>},
     * also through a variable assigned a {@code /run/secrets} path ({@code "$SECRETS_DIR/apt_auth"}). Mounting only
     * where used keeps unrelated steps' cache keys independent of the secret list. The lib, which every step shares,
     * is read once.
     */
    private static Function<SetupScript, List<String>> secretMounts(SetupLayer setup, ImageSettings settings,
                                                                 Map<String, Path> included) {
        if (settings.secretIds().isEmpty()) {
            return script -> List.of();
        }
        Map<String, String> libVariables = new LinkedHashMap<>();
        List<ShellCode> libCode = new ArrayList<>();
        Set<String> namedByLib = new HashSet<>();
        for (String lib : setup.libFiles()) {
            String text = read(included.get(lib));
            namedByLib.addAll(SecretReferences.in(text));
            ShellCode code = ShellCode.of(text);
            libCode.add(code);
            libVariables.putAll(SecretVariables.in(code));
        }
        for (ShellCode code : libCode) {
            namedByLib.addAll(SecretReferences.in(String.join("\n", SecretVariables.expand(code, libVariables).lines())));
        }
        return script -> {
            String text = read(included.get(script.path()));
            Set<String> named = new HashSet<>(namedByLib);
            named.addAll(SecretReferences.in(text));
            ShellCode code = ShellCode.of(text);
            Map<String, String> variables = new LinkedHashMap<>(libVariables);
            variables.putAll(SecretVariables.in(code));
            named.addAll(SecretReferences.in(String.join("\n", SecretVariables.expand(code, variables).lines())));
            return settings.secretIds().stream().filter(named::contains).toList();
        };
    }

    /** Validation made sure every setup and builder script has one. */
    private static Shebang interpreterOf(SetupScript script, Map<String, Path> included) {
        return Shebang.read(included.get(script.path())).orElseThrow(() -> new IllegalStateException(
                script.path() + " has no interpreter line, which validation should have reported"));
    }

    private static List<SetupScript> numbered(Map<String, Path> included, String directory) {
        List<SetupScript> scripts = new ArrayList<>();
        for (String path : under(included.keySet(), directory)) {
            String name = path.substring(directory.length() + 1);
            if (!name.contains("/")) {
                SetupScript.prefixOf(name).ifPresent(prefix -> scripts.add(new SetupScript(path, prefix)));
            }
        }
        scripts.sort(null);
        return scripts;
    }

    private static List<String> under(Set<String> paths, String directory) {
        String prefix = directory + "/";
        return paths.stream().filter(p -> p.startsWith(prefix)).sorted().toList();
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoReason.of(e), e);
        }
    }
}
