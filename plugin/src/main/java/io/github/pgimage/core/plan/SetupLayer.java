package io.github.pgimage.core.plan;

import java.util.List;
import java.util.Optional;

/**
 * What changes rarely: the setup scripts that install packages, PostgreSQL and friends, run as root in
 * numeric order of their NN prefix, each its own cached build step.
 *
 * @param scripts        {@code setup/scripts/NN-*.sh}, in execution order
 * @param libFiles       files under {@code setup/lib/}; an edit to any of them reruns every setup step
 * @param builderScripts {@code setup/build/NN-*.sh}, run in a throwaway builder stage, in order
 */
public record SetupLayer(List<SetupScript> scripts, List<String> libFiles, List<SetupScript> builderScripts) {

    public SetupLayer {
        scripts = List.copyOf(scripts);
        libFiles = List.copyOf(libFiles);
        builderScripts = List.copyOf(builderScripts);
    }

    public boolean hasLib() {
        return !libFiles.isEmpty();
    }

    public boolean hasBuilderStage() {
        return !builderScripts.isEmpty();
    }

    /** The final cleanup script, by convention the last setup script when its name says so. */
    public Optional<SetupScript> cleanupScript() {
        if (scripts.isEmpty()) {
            return Optional.empty();
        }
        SetupScript last = scripts.get(scripts.size() - 1);
        return last.fileName().contains("cleanup") || last.fileName().contains("clean-up")
                ? Optional.of(last) : Optional.empty();
    }
}
