package io.github.pgimage.core.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the scripts beside the engine tests that start and stop private engines (TLS, frozen) of their own. */
final class EngineScripts {
    private EngineScripts() {
    }

    /**
     * @param engineDir the private engine's folder, whose dockerd.log a failure points to
     */
    static void run(String script, Path engineDir, String... args) throws Exception {
        Path path = Path.of(EngineScripts.class.getResource(script).toURI());
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = path.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(script + " did not finish within 180 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(script + " failed with exit code " + process.exitValue()
                    + "; see " + engineDir.resolve("dockerd.log"));
        }
    }
}
