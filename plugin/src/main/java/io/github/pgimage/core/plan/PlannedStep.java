package io.github.pgimage.core.plan;

import java.util.List;

/**
 * A build step that does work, in Dockerfile order, with the project files whose change reruns it.
 * The Dockerfile generator renders these; {@link CacheBoundary} reasons about them.
 */
public sealed interface PlannedStep {

    /** Dockerfile stage the step runs in. */
    String stage();

    /** Project files (relative paths) that are inputs of this very step. */
    List<String> inputs();

    /**
     * A setup or builder script run as root with {@code setup/lib} and only its own script bind-mounted, through the
     * interpreter its first line names (its mode in the checkout does not matter).
     *
     * @param buildArgs   build arguments declared ({@code ARG}) just before this step: the first step that names them
     * @param interpreter the script's interpreter line
     */
    record RunScript(String stage, SetupScript script, List<String> libFiles, List<String> secretIds,
                     List<String> buildArgs, Shebang interpreter) implements PlannedStep {
        public RunScript {
            libFiles = List.copyOf(libFiles);
            secretIds = List.copyOf(secretIds);
            buildArgs = List.copyOf(buildArgs);
            java.util.Objects.requireNonNull(interpreter, "interpreter");
        }

        @Override
        public List<String> inputs() {
            List<String> all = new java.util.ArrayList<>(libFiles);
            all.add(script.path());
            return List.copyOf(all);
        }
    }

    /** Creates the builder stage's output directory so that the copy out of it works even when it stays empty. */
    record PrepareBuildOutput(String stage) implements PlannedStep {
        @Override
        public List<String> inputs() {
            return List.of();
        }
    }

    /** Copies what the builder stage wrote under {@link ProjectLayout#BUILD_OUTPUT} onto the image's root. */
    record CopyBuildOutput(String stage, String fromStage) implements PlannedStep {
        @Override
        public List<String> inputs() {
            return List.of();
        }
    }

    /**
     * Copies a part of the entrypoint layer into {@code /opt/pgimage/} at the same relative path.
     *
     * @param source a directory ({@code config/}) or a file ({@code entrypoint.sh}) of the context
     * @param files  the project files it carries
     */
    record CopyFiles(String stage, String source, String target, List<String> files) implements PlannedStep {
        public CopyFiles {
            files = List.copyOf(files);
        }

        @Override
        public List<String> inputs() {
            return files;
        }
    }

    /**
     * Copies one file of the entrypoint layer with its declared mode (carried by the context) and owner.
     *
     * @param owner  the {@code --chown} value
     * @param target the file's path in the image
     */
    record CopyPrivateFile(String stage, FileMode file, String owner, String target) implements PlannedStep {
        @Override
        public List<String> inputs() {
            return List.of(file.path());
        }
    }
}
