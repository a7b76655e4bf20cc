package io.github.pgimage.core.imagebuild;

import java.util.function.Function;

import io.github.pgimage.core.engine.EngineEndpoint;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.progress.ProgressListener;

/** How a build reaches its engine: find it, say which in the log, connect. */
interface EngineConnection {

    /** @param role what this connection is for when it is not the build's own, e.g. " (tags the image …)", else "" */
    EngineGateway open(ProgressListener listener, String role) throws EngineException;

    static EngineConnection located(EngineLocator locator, String dockerHost,
                                    Function<EngineEndpoint, EngineGateway> connector) {
        return (listener, role) -> {
            EngineEndpoint endpoint = locator.locate(dockerHost);
            say(listener, endpoint, role);
            return connector.apply(endpoint);
        };
    }

    /** The log's line naming the engine a connection is for: {@code Engine unix:///… from DOCKER_HOST}. */
    static void say(ProgressListener listener, EngineEndpoint endpoint, String role) {
        listener.info("Engine " + endpoint + role);
    }
}
