package io.github.pgimage.core.session;

import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalServerChannel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gRPC services of a session (health, secrets, registry auth), served on an in-process Netty
 * address: no port is opened, so no other process can ask for the secrets. The engine reaches it
 * through {@link SessionRelay}.
 */
final class SessionServer implements AutoCloseable {
    private final Server server;
    private final LocalAddress address;
    private final List<String> methods;
    private final ExecutorService executor;

    private SessionServer(Server server, LocalAddress address, List<String> methods, ExecutorService executor) {
        this.server = server;
        this.address = address;
        this.methods = methods;
        this.executor = executor;
    }

    /**
     * @param loop the server's event loop; the caller owns it and shuts it down only after the relay
     *             closed too, since closing either end of a local channel runs a task on the other's loop
     */
    static SessionServer start(String name, EventLoopGroup loop, SecretStore secrets, RegistryCredentials credentials,
                               SessionActivity activity) throws IOException {
        return start(name, loop, secrets, credentials, activity, List.of());
    }

    /** @param attachables further services of the session (FileSync), advertised like the others */
    static SessionServer start(String name, EventLoopGroup loop, SecretStore secrets, RegistryCredentials credentials,
                               SessionActivity activity, List<BindableService> attachables) throws IOException {
        WireLogs.silence(); // the frames carry the secrets and logins served
        HealthStatusManager health = new HealthStatusManager(); // answers SERVING for the whole server
        List<ServerServiceDefinition> services = new ArrayList<>(List.of(
                ServerInterceptors.intercept(health.getHealthService(), countChecks(activity)),
                new SecretsService(secrets, activity).bindService(),
                new AuthService(credentials, activity).bindService()));
        attachables.forEach(service -> services.add(service.bindService()));
        List<String> methods = new ArrayList<>();
        for (ServerServiceDefinition service : services) {
            service.getMethods().forEach(m -> methods.add("/" + m.getMethodDescriptor().getFullMethodName()));
        }

        LocalAddress address = new LocalAddress(name);
        // Calls run on threads of their own, so a health check is answered at once whatever else
        // the session (or the build that waits on it) is doing.
        ExecutorService executor = Executors.newCachedThreadPool(daemonThreads(name + "-call"));
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .channelType(LocalServerChannel.class)
                .bossEventLoopGroup(loop)
                .workerEventLoopGroup(loop)
                .executor(executor)
                // The engine is the only client and it keeps the connection for the whole build:
                // never send it away for idleness or for pinging (grpc-go's flow-control pings).
                .permitKeepAliveWithoutCalls(true)
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                // containerd's content writer (a local cache export) sends up to 8 MiB in one message, twice
                // grpc-java's default limit
                .maxInboundMessageSize(16 << 20)
                // grpc-java asks every child channel for TCP keep-alive, which a local channel
                // cannot do and warns about on every session.
                .withChildOption(ChannelOption.SO_KEEPALIVE, null);
        services.forEach(builder::addService);
        Server server = builder.build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        return new SessionServer(server, address, List.copyOf(methods), executor);
    }

    private static ServerInterceptor countChecks(SessionActivity activity) {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                              ServerCallHandler<Q, A> next) {
                if (call.getMethodDescriptor().getFullMethodName().equals(HealthGrpc.getCheckMethod().getFullMethodName())) {
                    activity.healthChecked();
                }
                return next.startCall(call, headers);
            }
        };
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    LocalAddress address() {
        return address;
    }

    /** Every served method as {@code /package.Service/Method}, for the upgrade request's expose headers. */
    List<String> methods() {
        return methods;
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
