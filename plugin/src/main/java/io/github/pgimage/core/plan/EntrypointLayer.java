package io.github.pgimage.core.plan;

import java.util.List;

/**
 * What changes often: the runtime part of the image, copied under {@code /opt/pgimage/} after the setup layer.
 *
 * @param entrypointScript   {@code entrypoint.sh} of the project, or {@code null} when the plugin's default is used
 * @param runtimeScripts     {@code entrypoint.d/scripts/NN-*.sh}, run by the default entrypoint in numeric order at every start
 * @param runtimeFiles       every file under {@code entrypoint.d/scripts/} that reaches the image (scripts included)
 * @param configurationFiles files under {@code config/}
 * @param utilityFiles       files under {@code entrypoint.d/lib/}
 */
public record EntrypointLayer(String entrypointScript, List<SetupScript> runtimeScripts, List<String> runtimeFiles,
                              List<String> configurationFiles, List<String> utilityFiles) {

    public EntrypointLayer {
        runtimeScripts = List.copyOf(runtimeScripts);
        runtimeFiles = List.copyOf(runtimeFiles);
        configurationFiles = List.copyOf(configurationFiles);
        utilityFiles = List.copyOf(utilityFiles);
    }

    public boolean usesDefaultEntrypoint() {
        return entrypointScript == null;
    }
}
