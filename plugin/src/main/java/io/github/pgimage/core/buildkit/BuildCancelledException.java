package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.engine.EngineException;

/** The build was interrupted; it was cancelled where it ran and no tag was changed. */
public class BuildCancelledException extends EngineException {
    public BuildCancelledException(String message) {
        super(message);
    }

    /**
     * The error for a build the calling thread interrupted, in the same words on every door.
     *
     * @param where the builder that cancelled it: "the engine at …", "BuildKit at …"
     */
    public static BuildCancelledException interrupted(String buildId, String where) {
        return new BuildCancelledException("The image build was interrupted and cancelled on " + where + " (build "
                + buildId + "); no tag was changed.");
    }

    /** The line that says a build was cancelled (by an interrupt or Ctrl-C), in the same words on every door. */
    public static String cancelledLine(String buildId, String where) {
        return "Cancelled build " + buildId + " on " + where;
    }
}
