package io.github.pgimage.core.session.filesync;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.pgimage.core.context.ContentDigest;
import io.github.pgimage.core.context.ContextAssembler;
import io.github.pgimage.core.context.ContextEntry;
import io.github.pgimage.core.ignore.DockerIgnoreException;
import io.github.pgimage.core.session.filesync.proto.FileSyncGrpc;
import io.github.pgimage.core.session.filesync.proto.Packet;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

/**
 * BuildKit's {@code moby.filesync.v1.FileSync} for a session: the engine pulls the build context and the
 * Dockerfile through it instead of receiving the whole context tar with every build. It lists each served
 * directory with deterministic stats (uid/gid 0, the entries' modes, the tar's fixed mtime, see
 * {@link ContentStamp}), keeps the copy it received last time, and asks only for files whose stat differs: an
 * unchanged file is never read twice, an edited one is sent alone.
 *
 * <p>Only {@code DiffCopy} is served: {@code TarStream} is an old alternative BuildKit no longer calls, and a
 * session advertises only the methods it serves ({@link #bindService()}'s methods), so it is never asked for.
 *
 * <p>The engine names the directory and its filters in the call's metadata: {@code dir-name}, {@code
 * include-patterns}, {@code exclude-patterns}, {@code followpaths} (each value URL-encoded when {@code
 * <key>-encoded} is set, as newer BuildKit does for non-ASCII patterns). {@code override-excludes} decides
 * between the client's own excludes and the engine's; the served trees have none of their own (the planner
 * applied .dockerignore already), so the engine's always apply.
 */
public final class FileSyncService implements BindableService {

    /** The directory the Dockerfile frontend reads the build context from. */
    public static final String CONTEXT = "context";
    /** The directory it reads the Dockerfile from (the file named by {@code dockerfile=}/{@code filename}). */
    public static final String DOCKERFILE = "dockerfile";

    static final String DIR_NAME = "dir-name";
    static final String INCLUDE_PATTERNS = "include-patterns";
    static final String EXCLUDE_PATTERNS = "exclude-patterns";
    static final String FOLLOW_PATHS = "followpaths";

    private final Map<String, SyncedDirectory> directories;
    private final String sharedKey;
    private final FileSyncActivity activity = new FileSyncActivity();

    /**
     * @param directories what to serve, by the name the engine asks for
     * @param sharedKey   see {@link #sharedKey(Path)}
     */
    public FileSyncService(Map<String, SyncedDirectory> directories, String sharedKey) {
        this.directories = Map.copyOf(directories);
        this.sharedKey = sharedKey;
    }

    /**
     * The context entries as {@code context}, and the generated Dockerfile among them
     * ({@value ContextAssembler#DOCKERFILE}) alone as {@code dockerfile}: the same files, modes and mtime as the
     * context tar.
     *
     * @param mtime           the tar's mtime ({@code SOURCE_DATE_EPOCH} or the default)
     * @param sourceDirectory the project's folder, for the {@link #sharedKey(Path) shared key}
     * @throws IllegalArgumentException the entries hold no Dockerfile
     */
    public static FileSyncService forContext(Collection<ContextEntry> entries, Instant mtime, Path sourceDirectory) {
        return forContext(entries, mtime, sourceDirectory, Map.of());
    }

    /**
     * As {@link #forContext(Collection, Instant, Path)}, listing the files in {@code digests} (the context tar's,
     * by path) by those instead of reading them again: a file is read only when the engine asks for it, and is
     * then checked against what was listed.
     */
    public static FileSyncService forContext(Collection<ContextEntry> entries, Instant mtime, Path sourceDirectory,
                                             Map<String, ContentDigest> digests) {
        ContextEntry dockerfile = entries.stream().filter(e -> e.path().equals(ContextAssembler.DOCKERFILE)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the context entries hold no " + ContextAssembler.DOCKERFILE));
        return new FileSyncService(Map.of(
                CONTEXT, SyncedDirectory.of(entries, mtime, digests),
                DOCKERFILE, SyncedDirectory.of(List.of(dockerfile), mtime, digests)), sharedKey(sourceDirectory));
    }

    /**
     * The value for a session's {@code X-Docker-Expose-Session-Sharedkey}: BuildKit keeps the files it received
     * under this key (with the directory's name), so the next build of the same project finds them and asks
     * only for what changed. Other projects get other keys and never share, or race for, one copy.
     */
    public static String sharedKey(Path sourceDirectory) {
        MessageDigest sha256 = ContentStamp.newDigest();
        byte[] digest = sha256.digest(("postgres-image-maven-plugin:" + sourceDirectory.toAbsolutePath().normalize())
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    /** The session's {@code X-Docker-Expose-Session-Sharedkey}. */
    public String sharedKey() {
        return sharedKey;
    }

    /** What the engine has taken so far. */
    public FileSyncActivity activity() {
        return activity;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder(FileSyncGrpc.SERVICE_NAME)
                .addMethod(FileSyncGrpc.getDiffCopyMethod(), new DiffCopyHandler())
                .build();
    }

    private final class DiffCopyHandler implements ServerCallHandler<Packet, Packet> {
        @Override
        public ServerCall.Listener<Packet> startCall(ServerCall<Packet, Packet> call, Metadata headers) {
            String name = first(headers, DIR_NAME);
            SyncedDirectory directory = directories.get(name);
            if (directory == null) {
                // BuildKit's own wording, so that the engine's message reads as with the docker CLI
                call.close(Status.NOT_FOUND.withDescription("no access allowed to dir \"" + name + "\""), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            PathFilter filter;
            try {
                filter = PathFilter.of(all(headers, INCLUDE_PATTERNS), all(headers, EXCLUDE_PATTERNS),
                        all(headers, FOLLOW_PATHS));
            } catch (DockerIgnoreException e) {
                call.close(Status.INVALID_ARGUMENT.withDescription("invalid patterns for " + name + ": "
                        + e.getMessage()), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            CallLink link = new CallLink(call);
            DiffCopySender sender = new DiffCopySender(name, directory, filter, link, activity);
            call.sendHeaders(new Metadata());
            link.request();
            Thread thread = new Thread(sender, "pgimage-filesync-" + name);
            thread.setDaemon(true);
            thread.start();
            return new ServerCall.Listener<>() {
                @Override
                public void onMessage(Packet packet) {
                    sender.received(packet);
                    link.request();
                }

                @Override
                public void onHalfClose() {
                    sender.receiverClosed();
                }

                @Override
                public void onCancel() {
                    link.cancelled();
                    sender.cancel();
                }

                @Override
                public void onReady() {
                    link.ready();
                }
            };
        }
    }

    /**
     * The gRPC call as the sender sees it. A ServerCall is not thread-safe: the sender's thread sends, the call's
     * thread asks for more input, so both go through one lock; a send waits (releasing it) while the transport's
     * buffer is full, which keeps a large file from piling up in memory.
     */
    private static final class CallLink implements PacketLink {
        private final ServerCall<Packet, Packet> call;
        private final Object lock = new Object();
        private boolean ended;

        CallLink(ServerCall<Packet, Packet> call) {
            this.call = call;
        }

        @Override
        public void send(Packet packet) throws InterruptedException {
            synchronized (lock) {
                while (!ended && !call.isReady()) {
                    // onReady wakes this up; the timeout only guards against a missed wake-up
                    lock.wait(TimeUnit.SECONDS.toMillis(1));
                }
                if (ended) {
                    throw new TransferCancelled();
                }
                call.sendMessage(packet);
            }
        }

        @Override
        public void finish(String error) {
            synchronized (lock) {
                if (ended) {
                    return;
                }
                ended = true;
                call.close(error == null ? Status.OK : Status.UNKNOWN.withDescription(error), new Metadata());
                lock.notifyAll();
            }
        }

        void request() {
            synchronized (lock) {
                if (!ended) {
                    call.request(1);
                }
            }
        }

        void ready() {
            synchronized (lock) {
                lock.notifyAll();
            }
        }

        void cancelled() {
            synchronized (lock) {
                ended = true;
                lock.notifyAll();
            }
        }
    }

    private static String first(Metadata headers, String key) {
        List<String> values = all(headers, key);
        return values.isEmpty() ? "" : values.get(0);
    }

    /** Every value of a metadata key, URL-decoded when {@code <key>-encoded} says so. */
    static List<String> all(Metadata headers, String key) {
        Iterable<String> values = headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        if (values == null) {
            return List.of();
        }
        String encodedFlag = firstRaw(headers, key + "-encoded");
        boolean encoded = encodedFlag != null && (encodedFlag.equals("1") || encodedFlag.equalsIgnoreCase("true"));
        List<String> result = new ArrayList<>();
        for (String value : values) {
            result.add(encoded ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value);
        }
        return result;
    }

    private static String firstRaw(Metadata headers, String key) {
        return headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
    }
}
