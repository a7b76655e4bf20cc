package io.github.pgimage.core.container;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;

import io.github.pgimage.core.engine.EngineClient;
import io.github.pgimage.core.engine.EngineException;

/**
 * The engine's container and volume API, as far as starting and removing a database needs it. Every call turns
 * docker-java's unchecked errors into {@link EngineException}s that name the object concerned.
 */
public final class ContainerEngine {
    /** Lines of a container's log kept for an error message: the end is what explains a failed start. */
    private static final int LOG_TAIL_LINES = 500;

    private final EngineClient engine;
    private final DockerClient docker;

    public ContainerEngine(EngineClient engine) {
        this.engine = engine;
        this.docker = engine.docker();
    }

    public Optional<String> imageId(String reference) throws EngineException {
        return engine.imageId(reference);
    }

    public boolean volumeExists(String name) throws EngineException {
        try {
            docker.inspectVolumeCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw failure("Cannot inspect volume " + name, e);
        }
    }

    public void createVolume(String name, BuildLabel label) throws EngineException {
        try {
            docker.createVolumeCmd().withName(name).withLabels(label.asMap()).exec();
        } catch (RuntimeException e) {
            throw failure("Cannot create volume " + name, e);
        }
    }

    /** Creates (does not start) the database container; returns its id. */
    public String createContainer(DatabaseSpec spec, PublishedAddress address, BuildLabel label) throws EngineException {
        ExposedPort port = ExposedPort.tcp(spec.containerPort());
        Ports.Binding hostSide = spec.hostPort() == 0
                ? Ports.Binding.bindIp(address.bindIp())
                : Ports.Binding.bindIpAndPort(address.bindIp(), spec.hostPort());
        HostConfig host = HostConfig.newHostConfig().withPortBindings(new PortBinding(hostSide, port));
        if (spec.volume() != null) {
            host.withBinds(new Bind(spec.volume(), new Volume(spec.dataDirectory())));
        }
        try {
            var create = docker.createContainerCmd(spec.image())
                    .withEnv(spec.containerEnv())
                    .withLabels(label.asMap())
                    .withExposedPorts(port)
                    .withHostConfig(host);
            if (!spec.command().isEmpty()) {
                create.withCmd(spec.command());
            }
            return create.exec().getId();
        } catch (RuntimeException e) {
            throw failure("Cannot create a container from " + spec.image(), e);
        }
    }

    public void start(String containerId) throws EngineException {
        try {
            docker.startContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            throw failure("Cannot start container " + containerId, e);
        }
    }

    public ContainerState state(String containerId, int containerPort) throws EngineException {
        InspectContainerResponse inspected;
        try {
            inspected = docker.inspectContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            throw failure("Cannot inspect container " + containerId, e);
        }
        InspectContainerResponse.ContainerState state = inspected.getState();
        boolean running = state != null && Boolean.TRUE.equals(state.getRunning());
        Long exitCode = state == null ? null : state.getExitCodeLong();
        return new ContainerState(running, exitCode == null ? -1 : exitCode,
                state == null ? "unknown" : String.valueOf(state.getStatus()), hostPort(inspected, containerPort));
    }

    /** The published host port; empty before the container runs (the engine assigns a random port at start). */
    private static int hostPort(InspectContainerResponse inspected, int containerPort) {
        if (inspected.getNetworkSettings() == null || inspected.getNetworkSettings().getPorts() == null) {
            return 0;
        }
        Ports.Binding[] bindings = inspected.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(containerPort));
        if (bindings == null) {
            return 0;
        }
        for (Ports.Binding binding : bindings) {
            String spec = binding.getHostPortSpec();
            if (spec != null && spec.matches("\\d+")) {
                return Integer.parseInt(spec);
            }
        }
        return 0;
    }

    /** The end of what the container wrote to stdout and stderr, interleaved as the engine stored it. */
    public String log(String containerId) throws EngineException, InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ResultCallback.Adapter<Frame> callback = docker.logContainerCmd(containerId)
                    .withStdOut(true).withStdErr(true).withTail(LOG_TAIL_LINES)
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            bytes.writeBytes(frame.getPayload());
                        }
                    });
            if (!callback.awaitCompletion(30, TimeUnit.SECONDS)) {
                callback.close();
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw failure("Cannot read the log of container " + containerId, e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public List<String> containersLabelled(BuildLabel label) throws EngineException {
        try {
            List<String> ids = new ArrayList<>();
            for (Container container : docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(BuildLabel.KEY, label.value())).exec()) {
                ids.add(container.getId());
            }
            return ids;
        } catch (RuntimeException e) {
            throw failure("Cannot list the containers labelled " + label, e);
        }
    }

    public List<String> volumesLabelled(BuildLabel label) throws EngineException {
        try {
            var volumes = docker.listVolumesCmd().withFilter("label", List.of(label.filter())).exec().getVolumes();
            List<String> names = new ArrayList<>();
            if (volumes != null) {
                volumes.forEach(volume -> names.add(volume.getName()));
            }
            return names;
        } catch (RuntimeException e) {
            throw failure("Cannot list the volumes labelled " + label, e);
        }
    }

    /** Stops with the image's stop signal, killing after {@code timeout}; an already stopped container is fine. */
    public void stop(String containerId, Duration timeout) throws EngineException {
        try {
            docker.stopContainerCmd(containerId).withTimeout((int) Math.max(0, timeout.toSeconds())).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped, or already gone: both are what stop wants
        } catch (RuntimeException e) {
            throw failure("Cannot stop container " + containerId, e);
        }
    }

    /** Removes the container (killing it if it runs) with its anonymous volumes; a missing one is fine. */
    public void remove(String containerId) throws EngineException {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (RuntimeException e) {
            throw failure("Cannot remove container " + containerId, e);
        }
    }

    public void removeVolume(String name) throws EngineException {
        try {
            docker.removeVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (RuntimeException e) {
            throw failure("Cannot remove volume " + name, e);
        }
    }

    private static EngineException failure(String what, Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().trim();
        return new EngineException(what + ": " + message, e);
    }

    /**
     * @param running  whether the container's process runs
     * @param exitCode its exit code once it stopped
     * @param status   the engine's word for the state (created, running, exited, …)
     * @param hostPort the published host port, 0 when none is published (yet)
     */
    public record ContainerState(boolean running, long exitCode, String status, int hostPort) {
    }
}
