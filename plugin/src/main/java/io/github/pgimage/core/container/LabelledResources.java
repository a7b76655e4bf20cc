package io.github.pgimage.core.container;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;

/**
 * Removes every container and volume carrying one build's label: what {@code stop} does (for one execution, or for
 * the whole module), and what {@code start} does first to clear the leftovers of its own execution's run that crashed
 * before its {@code stop}. Objects without that exact label are never touched.
 */
public final class LabelledResources {
    /** PostgreSQL's fast shutdown (the images' SIGINT) takes well under this; after it the engine kills. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final EngineGateway engine;

    public LabelledResources(EngineGateway engine) {
        this.engine = engine;
    }

    /**
     * Stops and removes the labelled containers (with their anonymous volumes), then the labelled volumes, which
     * a container still using them would keep from being removed.
     *
     * @param label selects one execution's objects ({@link BuildLabel#forExecution}) or all of the module's
     *
     * @param log receives one line per removed object
     */
    public Removed removeAll(BuildLabel label, Consumer<String> log) throws EngineException {
        List<String> containers = engine.containersLabelled(label.filterKey(), label.filterValue());
        for (String id : containers) {
            engine.stopContainer(id, STOP_TIMEOUT);
            engine.removeContainer(id);
            log.accept("Removed container " + shortId(id) + " (" + label + ")");
        }
        List<String> volumes = engine.volumesLabelled(label.filterKey(), label.filterValue());
        for (String name : volumes) {
            engine.removeVolume(name);
            log.accept("Removed volume " + name + " (" + label + ")");
        }
        return new Removed(containers, volumes);
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** What {@link #removeAll} removed. */
    public record Removed(List<String> containers, List<String> volumes) {
        public Removed {
            containers = List.copyOf(containers);
            volumes = List.copyOf(volumes);
        }

        public boolean isEmpty() {
            return containers.isEmpty() && volumes.isEmpty();
        }
    }
}
