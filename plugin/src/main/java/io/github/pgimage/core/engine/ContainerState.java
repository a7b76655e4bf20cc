package io.github.pgimage.core.engine;

/**
 * What the engine says about a container.
 *
 * @param running  whether the container's process runs
 * @param exitCode its exit code once it stopped, -1 before
 * @param status   the engine's word for the state (created, running, exited, …)
 * @param hostPort the published host port of the asked container port, 0 when none is published (yet)
 */
public record ContainerState(boolean running, long exitCode, String status, int hostPort) {
}
