package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.engine.EngineException;

/** The build was interrupted; it was cancelled on the engine and no tag was changed. */
public class BuildCancelledException extends EngineException {
    public BuildCancelledException(String message) {
        super(message);
    }
}
