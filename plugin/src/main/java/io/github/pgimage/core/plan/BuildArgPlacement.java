package io.github.pgimage.core.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.pgimage.core.validate.ShellCode;
import io.github.pgimage.core.files.IoReason;

/**
 * Where each build argument is declared in one stage: {@code ARG NAME} just before the first step whose script (or
 * {@code setup/lib}, which every step mounts) names it. An ARG is part of the cache key of every step after it, so
 * declaring it late means a changed value reruns only the steps from its first user on. An argument no setup or
 * builder file names is declared before the stage's first step: a tool may read it from the environment.
 */
final class BuildArgPlacement {

    private final Map<String, List<String>> beforeScript = new LinkedHashMap<>();

    /** @param stageScripts the scripts of one stage, in order */
    BuildArgPlacement(List<String> argNames, List<SetupScript> stageScripts, SetupLayer setup,
                      Map<String, Path> included) {
        Set<String> namedByLib = new LinkedHashSet<>();
        Set<String> namedAnywhere = new LinkedHashSet<>();
        List<ShellCode> libCode = setup.libFiles().stream().map(f -> code(included.get(f))).toList();
        for (String arg : argNames) {
            if (libCode.stream().anyMatch(c -> c.namesWord(arg))) {
                namedByLib.add(arg);
            }
        }
        namedAnywhere.addAll(namedByLib);
        List<SetupScript> allScripts = new ArrayList<>(setup.scripts());
        allScripts.addAll(setup.builderScripts());
        Map<String, ShellCode> scriptCode = new LinkedHashMap<>();
        for (SetupScript script : allScripts) {
            ShellCode code = code(included.get(script.path()));
            scriptCode.put(script.path(), code);
            for (String arg : argNames) {
                if (code.namesWord(arg)) {
                    namedAnywhere.add(arg);
                }
            }
        }
        Set<String> declared = new LinkedHashSet<>();
        boolean first = true;
        for (SetupScript script : stageScripts) {
            List<String> here = new ArrayList<>();
            for (String arg : argNames) {
                boolean due = first && (namedByLib.contains(arg) || !namedAnywhere.contains(arg))
                        || scriptCode.get(script.path()).namesWord(arg);
                if (due && declared.add(arg)) {
                    here.add(arg);
                }
            }
            beforeScript.put(script.path(), List.copyOf(here));
            first = false;
        }
    }

    /** The arguments to declare just before {@code script}'s step, in the order the user gave them. */
    List<String> declaredBefore(SetupScript script) {
        return beforeScript.getOrDefault(script.path(), List.of());
    }

    private static ShellCode code(Path file) {
        try {
            return ShellCode.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoReason.of(e), e);
        }
    }
}
