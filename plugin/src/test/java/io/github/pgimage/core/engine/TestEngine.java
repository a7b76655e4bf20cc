package io.github.pgimage.core.engine;

/**
 * The engine this machine provides to the engine tests (DOCKER_HOST, else discovery, as a build finds it): one gateway
 * for every test class of the JVM. No engine fails the test class loudly, never skips it: an engine test that did not
 * run proves nothing.
 */
public final class TestEngine {
    private static EngineGateway engine;

    private TestEngine() {
    }

    public static synchronized EngineGateway shared() throws EngineException {
        if (engine == null) {
            engine = EngineGateway.connect(EngineLocator.forThisProcess().locate(null));
        }
        return engine;
    }
}
