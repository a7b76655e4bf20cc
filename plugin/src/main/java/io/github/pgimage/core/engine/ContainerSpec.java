package io.github.pgimage.core.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A container to create: one TCP port published on the host, optionally one named volume mounted.
 *
 * @param image         image id or reference
 * @param env           {@code NAME=value} entries
 * @param labels        labels of the container
 * @param command       arguments replacing the image's CMD, or empty for the image's own
 * @param containerPort the TCP port to publish
 * @param bindIp        the host address to publish it on
 * @param hostPort      the host port, or 0 for one the engine picks
 * @param volume        a named volume to mount, or null
 * @param mountPath     where the volume is mounted (ignored without one)
 */
public record ContainerSpec(String image, List<String> env, Map<String, String> labels, List<String> command,
                            int containerPort, String bindIp, int hostPort, String volume, String mountPath) {
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(bindIp, "bindIp");
        env = List.copyOf(env);
        labels = Map.copyOf(labels);
        command = List.copyOf(command);
    }

    @Override
    public String toString() {
        // the environment holds passwords: names only
        return "ContainerSpec[image=" + image + ", env=" + env.stream().map(e -> e.split("=", 2)[0]).toList()
                + ", labels=" + labels + ", command=" + command + ", port=" + bindIp + ":" + hostPort + "->"
                + containerPort + ", volume=" + volume + "]";
    }
}
