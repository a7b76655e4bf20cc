package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.progress.ProgressListener;
import java.util.List;
import java.util.Optional;

/**
 * What a builder's stream says, folded into step lines for a {@link ProgressListener}, the finished steps and the
 * failing one: BuildKit's traces ({@link BuildKitProgress}) or Buildah's classic stream on Podman
 * ({@link BuildahProgress}). One build, one reading thread; only {@link #waitingFor()} is read from another.
 */
public interface BuildProgress {

    /** One message of the engine's answer, in order. */
    void accept(EngineMessage message);

    /** Every step (RUN, COPY, ADD) that finished or was cached, in Dockerfile order. */
    List<Step> steps();

    /** The step that made the build fail, with its output. */
    Optional<Step> failure();

    /** What the build is busy with, for a line when the engine has streamed nothing for a while. */
    String waitingFor();
}
