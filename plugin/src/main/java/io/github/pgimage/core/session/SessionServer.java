package io.github.pgimage.core.session;

import io.github.pgimage.core.engine.RawConnection;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ServerSocketFactory;

/**
 * The gRPC services of a session (health, secrets, registry auth), served by grpc-java's OkHttp server on one
 * connection only: the one the engine's session upgrade made ({@link #serve}), handed to the server as the socket it
 * accepted. It listens nowhere, so no other process can ask for the secrets.
 */
final class SessionServer implements AutoCloseable {
    /** containerd's content writer (a local cache export) sends up to 8 MiB in one message, twice grpc-java's limit. */
    private static final int MAX_MESSAGE = 16 << 20;
    /** Netty's default window, which the server had before: a large message is not held up every 64 KiB. */
    private static final int FLOW_CONTROL_WINDOW = 1 << 20;

    private final Server server;
    private final HandOver handOver;
    private final List<String> methods;
    private final ExecutorService executor;

    private SessionServer(Server server, HandOver handOver, List<String> methods, ExecutorService executor) {
        this.server = server;
        this.handOver = handOver;
        this.methods = methods;
        this.executor = executor;
    }

    static SessionServer start(String name, SecretStore secrets, RegistryCredentials credentials,
                               SessionActivity activity) throws IOException {
        return start(name, secrets, credentials, activity, List.of());
    }

    /** @param attachables further services of the session (FileSync), advertised like the others */
    static SessionServer start(String name, SecretStore secrets, RegistryCredentials credentials,
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

        HandOver handOver = new HandOver(name);
        // Calls run on threads of their own, so a health check is answered at once whatever else
        // the session (or the build that waits on it) is doing.
        ExecutorService executor = Executors.newCachedThreadPool(daemonThreads(name + "-call"));
        OkHttpServerBuilder builder = OkHttpServerBuilder.forPort(handOver.getLocalSocketAddress(),
                        InsecureServerCredentials.create())
                .socketFactory(handOver.factory())
                .executor(executor)
                // The engine is the only client and it keeps the connection for the whole build:
                // never send it away for idleness or for pinging (grpc-go's flow-control pings).
                .permitKeepAliveWithoutCalls(true)
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .flowControlWindow(FLOW_CONTROL_WINDOW)
                .maxInboundMessageSize(MAX_MESSAGE);
        services.forEach(builder::addService);
        Server server = builder.build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        return new SessionServer(server, handOver, List.copyOf(methods), executor);
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

    /**
     * Serves the session on {@code connection}, the engine's, from its next byte on (HTTP/2 with the engine as the
     * client); once only.
     *
     * @param onEnd called once when the engine closed the connection (null) or it broke (the cause); not after
     *              {@link #close()}
     */
    void serve(RawConnection connection, Consumer<Throwable> onEnd) throws IOException {
        handOver.accepted(connection.asSocket(handOver.name, onEnd));
    }

    /** Every served method as {@code /package.Service/Method}, for the upgrade request's expose headers. */
    List<String> methods() {
        return methods;
    }

    /** True from {@link #serve} until the connection ends or the server is closed. */
    boolean isOpen() {
        return handOver.connectionOpen();
    }

    @Override
    public void close() {
        server.shutdownNow(); // sends the engine a GOAWAY, stops answering
        handOver.closeConnection(); // drops the connection at once: the engine forgets the session
        try {
            server.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    /**
     * A listening socket that listens nowhere: its {@link #accept()} returns the one connection handed over, then
     * waits until it is closed, as OkHttp's accept loop expects of a server socket.
     */
    private static final class HandOver extends ServerSocket {
        private final String name;
        private Socket pending;
        private Socket connection;
        private boolean closed;

        HandOver(String name) throws IOException {
            super(); // unbound, so no file descriptor: every method that would make one is overridden
            this.name = name;
        }

        synchronized void accepted(Socket socket) throws IOException {
            if (closed || connection != null) {
                socket.close();
                throw new SocketException(closed ? "the session's server is closed" : "the session is served already");
            }
            pending = socket;
            connection = socket;
            notifyAll();
        }

        synchronized boolean connectionOpen() {
            return connection != null && !connection.isClosed();
        }

        void closeConnection() {
            Socket socket;
            synchronized (this) {
                socket = connection;
            }
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        @Override
        public synchronized Socket accept() throws IOException {
            try {
                while (pending == null && !closed) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SocketException("interrupted");
            }
            if (closed) {
                throw new SocketException("the session's server is closed");
            }
            Socket socket = pending;
            pending = null;
            return socket;
        }

        @Override
        public void bind(SocketAddress endpoint) {
            // nothing to bind: connections are handed over
        }

        @Override
        public void bind(SocketAddress endpoint, int backlog) {
            // as above
        }

        @Override
        public synchronized void close() {
            closed = true;
            notifyAll();
        }

        @Override
        public synchronized boolean isClosed() {
            return closed;
        }

        @Override
        public boolean isBound() {
            return true;
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return new SocketAddress() {
                @Override
                public String toString() {
                    return name;
                }
            };
        }

        @Override
        public String toString() {
            return "HandOver[" + name + "]";
        }

        ServerSocketFactory factory() {
            HandOver self = this;
            return new ServerSocketFactory() {
                @Override
                public ServerSocket createServerSocket() {
                    return self;
                }

                @Override
                public ServerSocket createServerSocket(int port) {
                    return self;
                }

                @Override
                public ServerSocket createServerSocket(int port, int backlog) {
                    return self;
                }

                @Override
                public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) {
                    return self;
                }
            };
        }
    }
}
