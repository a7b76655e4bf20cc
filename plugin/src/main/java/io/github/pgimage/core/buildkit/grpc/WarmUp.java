package io.github.pgimage.core.buildkit.grpc;

import java.util.List;

import io.github.pgimage.core.buildkit.grpc.proto.ControlGrpc;
import io.github.pgimage.core.buildkit.grpc.proto.ControlProto;
import io.github.pgimage.core.buildkit.grpc.proto.WorkerProto;
import io.github.pgimage.core.buildkit.grpc.proto.TraceProto;
import io.github.pgimage.core.session.WireLogs;
import io.github.pgimage.core.session.filesync.proto.FileSyncGrpc;
import io.github.pgimage.core.session.filesync.proto.FileSyncProto;
import io.github.pgimage.core.session.filesync.proto.FsutilProto;
import io.github.pgimage.core.session.proto.AuthGrpc;
import io.github.pgimage.core.session.proto.AuthProto;
import io.github.pgimage.core.session.proto.SecretsGrpc;
import io.github.pgimage.core.session.proto.SecretsProto;

/**
 * Loads and initializes, on a background thread, what a build through BuildKit's gRPC API needs only later: the
 * protobuf descriptors (built from their serialized form in each class's initializer), the gRPC service
 * definitions and grpc-java's Netty transport. In a fresh Maven JVM, loading
 * and initializing classes is most of a cached build's time (a profile of a no-op build: the engine client,
 * then the gRPC channel, then the worker descriptors, then the report writer, one after the other on the
 * build's thread). Done here, it overlaps the engine connection, the planning and the context, and the solve's
 * wait. One thread: a second one (transport and messages apart, normal priority) was measured on this project's
 * 2-core machine and gained nothing beyond the noise (docs/BENCHMARKS.md, "A single fresh mvn"). It talks to nothing; a class
 * that is missing or fails here fails again, with its cause, where it is used.
 */
final class WarmUp {

    /** Classes initialized by name: the transport's, which the build reaches only through grpc-java's builders. */
    static final List<String> TRANSPORT = List.of(
            "io.grpc.netty.NettyChannelBuilder",
            "io.grpc.netty.NettyServerBuilder",
            "io.grpc.netty.NettyClientHandler",
            "io.grpc.netty.NettyServerHandler",
            "io.grpc.internal.ManagedChannelImpl",
            "io.grpc.internal.ServerImpl",
            "io.netty.channel.DefaultEventLoopGroup",
            "io.netty.channel.local.LocalChannel",
            "io.netty.channel.local.LocalServerChannel",
            "io.netty.handler.codec.http2.DefaultHttp2Connection",
            "io.netty.handler.codec.http2.DefaultHttp2FrameReader",
            "io.netty.handler.codec.http2.DefaultHttp2FrameWriter",
            "io.netty.handler.codec.http2.HpackDecoder",
            "io.netty.handler.codec.http2.HpackEncoder",
            "io.netty.buffer.PooledByteBufAllocator",
            "io.grpc.health.v1.HealthGrpc");

    private WarmUp() {
    }

    /** Starts the warm-up on a daemon thread and returns at once. */
    static void start() {
        Thread thread = new Thread(WarmUp::run, "pgimage-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private static void run() {
        try {
            WireLogs.silence(); // before any Netty or gRPC class makes its logger
            ControlProto.getDescriptor();
            WorkerProto.getDescriptor();
            TraceProto.getDescriptor();
            FileSyncProto.getDescriptor();
            FsutilProto.getDescriptor();
            SecretsProto.getDescriptor();
            AuthProto.getDescriptor();
            ControlGrpc.getServiceDescriptor();
            FileSyncGrpc.getServiceDescriptor();
            SecretsGrpc.getServiceDescriptor();
            AuthGrpc.getServiceDescriptor();
            ClassLoader loader = WarmUp.class.getClassLoader();
            for (String name : TRANSPORT) {
                try {
                    Class.forName(name, true, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    // only a head start: the build loads what it needs itself, and reports what fails
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // as above
        }
    }
}
