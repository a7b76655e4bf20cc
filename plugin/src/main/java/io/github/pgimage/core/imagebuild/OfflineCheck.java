package io.github.pgimage.core.imagebuild;

import java.util.List;
import java.util.stream.Collectors;

import io.github.pgimage.core.OfflineException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.plan.ImagePlan;

/**
 * What an offline build refuses, before anything is sent: whatever needs a registry (a push, a registry cache to
 * import or export, a pull of the base image, a base image the engine does not have). Everything else builds as it
 * does online: a local cache folder, the engine's own base image and build cache.
 */
public final class OfflineCheck {
    /** The base image of a Dockerfile that starts from nothing. */
    private static final String SCRATCH = "scratch";

    private OfflineCheck() {
    }

    /**
     * @param engine the engine whose store the base image comes from, or null (a standalone daemon's own store,
     *               which only the daemon can search; it finds out itself)
     * @throws OfflineException naming the first setting that needs a registry
     */
    static void beforeBuild(BuildOptions options, ImagePlan plan, EngineGateway engine) throws EngineException {
        if (!options.offline()) {
            return;
        }
        if (options.push()) {
            throw pushRefused(options.references(), "Build without push (the image goes into the engine), and push"
                    + " when online.");
        }
        for (CacheSpec spec : options.cacheTo()) {
            if (spec.type().equals(CacheSpec.REGISTRY)) {
                throw new OfflineException(Setting.CACHE_TO, spec.toString(), "exporting the build cache to "
                        + spec.location() + " needs its registry, and the build runs offline. Build online, or"
                        + " export to a local folder (type=local,dest=…) meanwhile.");
            }
        }
        for (CacheSpec spec : options.cacheFrom()) {
            if (spec.type().equals(CacheSpec.REGISTRY)) {
                throw new OfflineException(Setting.CACHE_FROM, spec.toString(), "importing the build cache from "
                        + spec.location() + " needs its registry, and the build runs offline. Build online, or"
                        + " without it: the engine's own build cache still serves every step it holds.");
            }
        }
        String base = plan.settings().baseImage();
        if (base.equals(SCRATCH)) {
            return;
        }
        if (options.pull()) {
            throw new OfflineException(Setting.PULL, "true", "pulling the base image " + base + " needs its registry,"
                    + " and the build runs offline. Build online, or without pull (the engine's copy of " + base
                    + " is used).");
        }
        if (engine != null && engine.imageId(base).isEmpty()) {
            throw new OfflineException(Setting.BASE_IMAGE, base, "the engine at " + engine.endpoint().host()
                    + " has no image " + base + ", and the build runs offline, so it cannot be pulled. Build online"
                    + " once, or pull it (docker pull " + base + "), or start from an image the engine has.");
        }
    }

    /**
     * A push, by the build or on its own, always needs the registries.
     *
     * @param instead what to do meanwhile
     */
    public static OfflineException pushRefused(List<ImageReference> references, String instead) {
        String registries = references.stream().map(ImageReference::registryHost).distinct()
                .collect(Collectors.joining(", "));
        return new OfflineException(Setting.PUSH, "true", "pushing " + references.stream()
                .map(ImageReference::toString).collect(Collectors.joining(", ")) + " needs "
                + (registries.contains(",") ? "the registries " : "the registry ") + registries
                + ", and the build runs offline. " + instead);
    }
}
