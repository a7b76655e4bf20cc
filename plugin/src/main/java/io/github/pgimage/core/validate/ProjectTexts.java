package io.github.pgimage.core.validate;

import java.util.HashMap;
import java.util.Map;

import io.github.pgimage.core.scan.ProjectFiles;

/** The project's files as the rules read them, each read once however many rules look at it. */
final class ProjectTexts {

    private final ProjectFiles files;
    private final Map<String, ScriptText> texts = new HashMap<>();
    private final Map<String, ShellCode> codes = new HashMap<>();

    ProjectTexts(ProjectFiles files) {
        this.files = files;
    }

    ProjectFiles files() {
        return files;
    }

    ScriptText text(String path) {
        return texts.computeIfAbsent(path, p -> ScriptText.read(files.resolve(p)));
    }

    /** The file's code lines; none for a binary file (a .deb in setup/lib). */
    ShellCode code(String path) {
        return codes.computeIfAbsent(path, p -> ShellCode.of(text(p).binary() ? "" : text(p).text()));
    }
}
