package io.github.pgimage.core.engine;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.pgimage.core.image.ImageReference;

/**
 * Every request the plugin makes to a container engine goes through here: typed calls (images, containers,
 * volumes), streamed ones (a BuildKit build, its cancellation, a push, a followed log), and raw connections upgraded
 * to another protocol ({@code POST /session} for a BuildKit session, {@code POST /grpc} for BuildKit's own gRPC API).
 * Failures arrive as {@link EngineException}s that name the object concerned and the engine's own words; a refusal
 * with an HTTP status is an {@link EngineRequestException}, an engine that stays silent an
 * {@link EngineTimeoutException} (see {@link Patience}). Nothing of the HTTP underneath shows through, so the logic
 * above (build stream decoding, cancel, push retries, start cleanup) runs unchanged against a fake in unit tests, and
 * another kind of engine or builder can be added behind it.
 *
 * <p>Implementations are safe for concurrent use: a build's stream is read on one thread while another cancels it.
 */
public interface EngineGateway extends AutoCloseable {

    /**
     * Connects to the engine through its HTTP API and asks for its version, so that an unreachable engine fails
     * here.
     *
     * @throws EngineUnavailableException naming the endpoint and every discovery step when it does not answer
     */
    static EngineGateway connect(EngineEndpoint endpoint) throws EngineUnavailableException {
        return DockerApiGateway.connect(endpoint);
    }

    /** Where the engine is, and how it was found. */
    EngineEndpoint endpoint();

    /** The version and API version the engine reported when the gateway connected. */
    EngineVersion version();

    /**
     * True when the engine keeps images in containerd's image store ({@code docker info}: driver type
     * {@code io.containerd.snapshotter.v1}), the default of fresh Docker 29 installs; false for the classic store
     * and for engines that do not say.
     */
    default boolean containerdImageStore() {
        return false;
    }

    // ---- images

    /** The id ({@code sha256:…}) of a local image, or empty when the engine has no such image. */
    Optional<String> imageId(String reference) throws EngineException;

    /** The labels of a local image's config; empty when the engine has no such image or it has no labels. */
    Map<String, String> imageLabels(String reference) throws EngineException;

    /**
     * The image's history ({@code GET /images/{name}/history}) and the platform it describes (the image's
     * inspection); {@link ImageHistory#NONE} when the engine has no such image.
     */
    ImageHistory imageHistory(String reference) throws EngineException;

    /** The ENTRYPOINT of a local image's config; empty when the engine has no such image or it sets none. */
    List<String> imageEntrypoint(String reference) throws EngineException;

    /** Points {@code reference} (which must have a tag) at {@code imageId}, moving the tag if it pointed elsewhere. */
    void tag(String imageId, ImageReference reference) throws EngineException;

    /** Removes the tag; the image goes with its last tag. A missing tag is fine; an image a container uses is kept. */
    void removeImage(String reference) throws EngineException;

    // ---- streamed requests

    /**
     * {@code POST /build} with the context tar as the streamed request body (never buffered).
     *
     * @param query the query string ({@code version=2&buildid=…}), already encoded
     * @return the engine's answer, JSON messages as they arrive; closing it ends the exchange
     * @throws EngineRequestException the engine refused the build before starting it (a bad parameter)
     */
    InputStream build(String query, InputStream context) throws EngineException;

    /**
     * {@code POST /build/cancel}: BuildKit stops the build's running steps and its stream ends.
     *
     * @throws EngineRequestException the engine answered with an error status
     */
    void cancelBuild(String buildId) throws EngineException;

    /**
     * {@code POST /images/{name}/push}. Failures of the push itself (a registry's refusal, a broken upload) come
     * inside the answer as error messages, not as exceptions.
     *
     * @param reference    a local image tag
     * @param registryAuth the {@code X-Registry-Auth} header (base64url JSON login, {@code e30=} for none)
     * @return the engine's progress messages, JSON lines; closing it ends the exchange
     * @throws EngineRequestException the engine refused the request (e.g. no such image)
     */
    InputStream push(ImageReference reference, String registryAuth) throws EngineException;

    // ---- raw connections

    /**
     * Opens a connection of its own to the engine's API socket and upgrades it: {@code POST path} with
     * {@code Connection: Upgrade} and {@code Upgrade: protocol}, answered by {@code 101 Switching Protocols}. From
     * then on the connection carries the new protocol (BuildKit sessions and BuildKit's gRPC API both speak
     * {@code h2c}); bytes that arrived with the answer are the first ones read from it.
     *
     * @param path    the API path, unversioned as the engine serves it ({@code /session}, {@code /grpc})
     * @param headers extra request headers, each name with its values in order
     * @throws EngineRequestException the engine answered anything but 101
     */
    RawConnection upgrade(String path, String protocol, Map<String, List<String>> headers) throws EngineException;

    // ---- containers and volumes

    boolean volumeExists(String name) throws EngineException;

    void createVolume(String name, Map<String, String> labels) throws EngineException;

    /** Creates (does not start) a container; returns its id. */
    String createContainer(ContainerSpec spec) throws EngineException;

    void startContainer(String containerId) throws EngineException;

    /** @param containerPort the container port whose published host port to report */
    ContainerState inspectContainer(String containerId, int containerPort) throws EngineException;

    /** The last {@code tailLines} lines the container wrote to stdout and stderr, interleaved as the engine stored them. */
    String containerLog(String containerId, int tailLines) throws EngineException, InterruptedException;

    /**
     * Streams what the container wrote to stdout and stderr since it started, and then what it writes, line by
     * line, on a thread of the gateway's, until the container stops or the returned handle is closed.
     */
    AutoCloseable followContainerLog(String containerId, Consumer<String> lines) throws EngineException;

    /** Ids of every container, running or not, with label {@code key=value}. */
    List<String> containersLabelled(String key, String value) throws EngineException;

    /** Names of every volume with label {@code key=value}. */
    List<String> volumesLabelled(String key, String value) throws EngineException;

    /** Stops with the image's stop signal, killing after {@code timeout}; a stopped or missing container is fine. */
    void stopContainer(String containerId, Duration timeout) throws EngineException;

    /** Removes the container (killing it if it runs) with its anonymous volumes; a missing one is fine. */
    void removeContainer(String containerId) throws EngineException;

    /** Removes a volume; a missing one is fine. */
    void removeVolume(String name) throws EngineException;

    /** Releases what the gateway holds; raw connections and streams already handed out stay open until closed. */
    @Override
    void close();
}
