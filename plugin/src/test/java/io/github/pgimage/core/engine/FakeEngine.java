package io.github.pgimage.core.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.pgimage.core.image.ImageReference;

/**
 * A hand-written stand-in for an engine, for testing the logic above the gateway: it answers from what the test
 * scripted (images it has, the streams its builds and pushes send, the states its containers report) and records
 * every call, in order, in {@link #calls}. What a test does not script fails loudly.
 */
public final class FakeEngine implements EngineGateway {
    public static final EngineEndpoint ENDPOINT =
            new EngineEndpoint(URI.create("unix:///fake/docker.sock"), null, "a test", List.of());

    /** Every call as {@code method argument…}, e.g. {@code cancelBuild pgimage-1}. */
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** Local images by reference. */
    public final Map<String, String> images = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Image histories by reference; an image without one has none. */
    public final Map<String, ImageHistory> histories = Collections.synchronizedMap(new LinkedHashMap<>());
    /** What successive builds answer. */
    public final Deque<Supplier<InputStream>> buildAnswers = new ArrayDeque<>();
    /** What successive pushes answer; a supplier may throw an {@link EngineException} instead. */
    public final Deque<Supplier<InputStream>> pushAnswers = new ArrayDeque<>();
    /** What successive container inspections report. */
    public final Deque<ContainerState> containerStates = new ArrayDeque<>();
    public String containerLog = "";
    /** Whether {@link #containerdImageStore()} says the engine keeps images in containerd's store. */
    public volatile boolean containerdStore;
    /** Volumes the engine has. */
    public final Set<String> volumes = Collections.synchronizedSet(new TreeSet<>());
    /** Released by {@link #cancelBuild}: a build stream made by {@link #streamUntilCancelled} ends then. */
    public final CountDownLatch cancelled = new CountDownLatch(1);

    /** When set, {@link #cancelBuild} refuses with it, as Podman does (404). */
    public volatile EngineRequestException cancelRefusal;
    /** Released when a stream made by {@link #streamUntilClosed} is closed. */
    public final CountDownLatch closed = new CountDownLatch(1);

    private final EngineVersion version;
    private int containers;

    public FakeEngine() {
        this(new EngineVersion("20.10.24", "1.41"));
    }

    public FakeEngine(EngineVersion version) {
        this.version = version;
    }

    /** An answer made of JSON lines, as the engine streams them. */
    public static Supplier<InputStream> lines(String... jsonLines) {
        byte[] bytes = (String.join("\n", jsonLines) + "\n").getBytes(StandardCharsets.UTF_8);
        return () -> new ByteArrayInputStream(bytes);
    }

    /** An answer that sends nothing until the build is cancelled, then ends the way BuildKit does. */
    public Supplier<InputStream> streamUntilCancelled() {
        return () -> new InputStream() {
            private InputStream rest;

            @Override
            public int read() throws IOException {
                if (rest == null) {
                    try {
                        cancelled.await();
                    } catch (InterruptedException e) {
                        throw new IOException("interrupted while the engine said nothing", e);
                    }
                    rest = lines("{\"errorDetail\":{\"message\":\"context canceled\"},\"error\":\"context canceled\"}").get();
                }
                return rest.read();
            }
        };
    }

    /** An answer that sends nothing until the caller closes it, as an engine without a build cancel. */
    public Supplier<InputStream> streamUntilClosed() {
        return () -> new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    throw new IOException("interrupted while the engine said nothing", e);
                }
                throw new IOException("the request was closed");
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
    }

    @Override
    public EngineEndpoint endpoint() {
        return ENDPOINT;
    }

    @Override
    public EngineVersion version() {
        return version;
    }

    @Override
    public Optional<String> imageId(String reference) {
        calls.add("imageId " + reference);
        return Optional.ofNullable(images.get(reference));
    }

    @Override
    public Map<String, String> imageLabels(String reference) {
        calls.add("imageLabels " + reference);
        return Map.of();
    }

    @Override
    public ImageHistory imageHistory(String reference) {
        calls.add("imageHistory " + reference);
        return histories.getOrDefault(reference, ImageHistory.NONE);
    }

    @Override
    public List<String> imageEntrypoint(String reference) {
        calls.add("imageEntrypoint " + reference);
        return List.of();
    }

    @Override
    public void tag(String imageId, ImageReference reference) {
        calls.add("tag " + imageId + " " + reference);
        images.put(reference.toString(), imageId);
    }

    @Override
    public void removeImage(String reference) {
        calls.add("removeImage " + reference);
        images.remove(reference);
    }

    @Override
    public InputStream build(String query, InputStream context) {
        calls.add("build " + query);
        return next(buildAnswers, "build").get();
    }

    @Override
    public void cancelBuild(String buildId) {
        calls.add("cancelBuild " + buildId);
        if (cancelRefusal != null) {
            throw cancelRefusal;
        }
        cancelled.countDown();
    }

    @Override
    public InputStream push(ImageReference reference, String registryAuth) {
        calls.add("push " + reference);
        return next(pushAnswers, "push").get();
    }

    @Override
    public boolean containerdImageStore() {
        calls.add("info");
        return containerdStore;
    }

    @Override
    public RawConnection upgrade(String path, String protocol, Map<String, List<String>> headers) {
        calls.add("upgrade " + path);
        throw new EngineException("the fake engine opens no raw connections");
    }

    @Override
    public boolean volumeExists(String name) {
        calls.add("volumeExists " + name);
        return volumes.contains(name);
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        calls.add("createVolume " + name);
        volumes.add(name);
    }

    @Override
    public String createContainer(ContainerSpec spec) {
        String id = "c" + (++containers) + "0123456789abcdef";
        calls.add("createContainer " + id);
        return id;
    }

    @Override
    public void startContainer(String containerId) {
        calls.add("startContainer " + containerId);
    }

    @Override
    public ContainerState inspectContainer(String containerId, int containerPort) {
        calls.add("inspectContainer " + containerId);
        ContainerState state = containerStates.size() > 1 ? containerStates.poll() : containerStates.peek();
        if (state == null) {
            throw new IllegalStateException("the test scripted no container state");
        }
        return state;
    }

    @Override
    public String containerLog(String containerId, int tailLines) {
        calls.add("containerLog " + containerId);
        return containerLog;
    }

    @Override
    public AutoCloseable followContainerLog(String containerId, Consumer<String> lines) {
        calls.add("followContainerLog " + containerId);
        containerLog.lines().forEach(lines);
        return () -> calls.add("stopFollowing " + containerId);
    }

    @Override
    public List<String> containersLabelled(String key, String value) {
        calls.add("containersLabelled " + key + "=" + value);
        return List.of();
    }

    @Override
    public List<String> volumesLabelled(String key, String value) {
        calls.add("volumesLabelled " + key + "=" + value);
        return List.of();
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        calls.add("stopContainer " + containerId);
    }

    @Override
    public void removeContainer(String containerId) {
        calls.add("removeContainer " + containerId);
    }

    @Override
    public void removeVolume(String name) {
        calls.add("removeVolume " + name);
        volumes.remove(name);
    }

    @Override
    public void close() {
        calls.add("close");
    }

    /** The calls whose method is {@code method}, e.g. {@code push}. */
    public List<String> calls(String method) {
        synchronized (calls) {
            return calls.stream().filter(call -> call.equals(method) || call.startsWith(method + " ")).toList();
        }
    }

    private static <T> T next(Deque<T> answers, String what) {
        synchronized (answers) {
            T answer = answers.poll();
            if (answer == null) {
                throw new IllegalStateException("the test scripted no answer for this " + what);
            }
            return answer;
        }
    }
}
