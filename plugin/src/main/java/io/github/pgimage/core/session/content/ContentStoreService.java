package io.github.pgimage.core.session.content;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import io.github.pgimage.core.session.content.proto.AbortRequest;
import io.github.pgimage.core.session.content.proto.ContentGrpc;
import io.github.pgimage.core.session.content.proto.DeleteContentRequest;
import io.github.pgimage.core.session.content.proto.Info;
import io.github.pgimage.core.session.content.proto.InfoRequest;
import io.github.pgimage.core.session.content.proto.InfoResponse;
import io.github.pgimage.core.session.content.proto.ListContentRequest;
import io.github.pgimage.core.session.content.proto.ListContentResponse;
import io.github.pgimage.core.session.content.proto.ListStatusesRequest;
import io.github.pgimage.core.session.content.proto.ListStatusesResponse;
import io.github.pgimage.core.session.content.proto.ReadContentRequest;
import io.github.pgimage.core.session.content.proto.ReadContentResponse;
import io.github.pgimage.core.session.content.proto.StatusRequest;
import io.github.pgimage.core.session.content.proto.StatusResponse;
import io.github.pgimage.core.session.content.proto.UpdateRequest;
import io.github.pgimage.core.session.content.proto.UpdateResponse;
import io.github.pgimage.core.session.content.proto.WriteAction;
import io.github.pgimage.core.session.content.proto.WriteContentRequest;
import io.github.pgimage.core.session.content.proto.WriteContentResponse;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * containerd's content service ({@code containerd.services.content.v1.Content}) served over a BuildKit session, for
 * local cache: BuildKit names the store it means in the gRPC header {@code buildkit-attachable-store-id}, which is
 * {@code local:} followed by the folder of the {@code dest} or {@code src} attribute, and the plugin serves only
 * the stores it was given. Reads and writes go to {@link LayoutContentStore}; labels are not kept (as buildx's own
 * store of a cache folder keeps none).
 */
public final class ContentStoreService implements ContentGrpc.AsyncService, io.grpc.BindableService {
    /** The gRPC header BuildKit names the store with. */
    public static final Metadata.Key<String> STORE_ID =
            Metadata.Key.of("buildkit-attachable-store-id", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> STORE = Context.key("pgimage-content-store");
    /** Read replies carry at most this much; BuildKit's gRPC client takes messages up to 4 MiB by default. */
    static final int READ_CHUNK = 1 << 20;

    private final Map<String, LayoutContentStore> stores;

    /** @param stores by store id ({@code local:/abs/folder}) */
    public ContentStoreService(Map<String, LayoutContentStore> stores) {
        this.stores = Map.copyOf(stores);
    }

    /** The service with the interceptor that reads the store id from each call's headers. */
    @Override
    public ServerServiceDefinition bindService() {
        return ServerInterceptors.intercept(ContentGrpc.bindService(this), new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                              ServerCallHandler<Q, A> next) {
                String id = headers.get(STORE_ID);
                return Contexts.interceptCall(Context.current().withValue(STORE, id == null ? "" : id), call, headers,
                        next);
            }
        });
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> reply) {
        answer(reply, () -> InfoResponse.newBuilder().setInfo(info(store().info(request.getDigest()))).build());
    }

    @Override
    public void update(UpdateRequest request, StreamObserver<UpdateResponse> reply) {
        reply.onError(Status.FAILED_PRECONDITION.withDescription("update not supported on immutable content store")
                .asRuntimeException());
    }

    @Override
    public void list(ListContentRequest request, StreamObserver<ListContentResponse> reply) {
        try {
            List<LayoutContentStore.BlobInfo> blobs = store().list();
            for (int i = 0; i < blobs.size(); i += 100) {
                ListContentResponse.Builder block = ListContentResponse.newBuilder();
                blobs.subList(i, Math.min(blobs.size(), i + 100)).forEach(blob -> block.addInfo(info(blob)));
                reply.onNext(block.build());
            }
            reply.onCompleted();
        } catch (StatusRuntimeException e) {
            reply.onError(e);
        }
    }

    @Override
    public void delete(DeleteContentRequest request, StreamObserver<Empty> reply) {
        answer(reply, () -> {
            store().delete(request.getDigest());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void read(ReadContentRequest request, StreamObserver<ReadContentResponse> reply) {
        try {
            store().read(request.getDigest(), request.getOffset(), request.getSize(), READ_CHUNK,
                    (offset, data) -> reply.onNext(ReadContentResponse.newBuilder().setOffset(offset)
                            .setData(ByteString.copyFrom(data)).build()));
            reply.onCompleted();
        } catch (StatusRuntimeException e) {
            reply.onError(e);
        }
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> reply) {
        answer(reply, () -> StatusResponse.newBuilder().setStatus(status(store().status(request.getRef()))).build());
    }

    @Override
    public void listStatuses(ListStatusesRequest request, StreamObserver<ListStatusesResponse> reply) {
        answer(reply, () -> {
            ListStatusesResponse.Builder all = ListStatusesResponse.newBuilder();
            store().statuses().forEach(s -> all.addStatuses(status(s)));
            return all.build();
        });
    }

    @Override
    public void abort(AbortRequest request, StreamObserver<Empty> reply) {
        answer(reply, () -> {
            store().abort(request.getRef());
            return Empty.getDefaultInstance();
        });
    }

    /**
     * A write stream: the first message names the ref (and may give the size and digest to expect); each message
     * is answered with the ingest's offset; a commit ends the stream. The ref is held until the stream ends, however
     * it ends, and what was written stays for a later stream of the same ref to resume.
     */
    @Override
    public StreamObserver<WriteContentRequest> write(StreamObserver<WriteContentResponse> reply) {
        LayoutContentStore store;
        try {
            store = store();
        } catch (StatusRuntimeException e) {
            reply.onError(e);
            return new Ignoring();
        }
        return new StreamObserver<>() {
            private LayoutContentStore.Writer writer;
            private boolean done;

            @Override
            public void onNext(WriteContentRequest request) {
                if (done) {
                    return;
                }
                try {
                    if (writer == null) {
                        writer = store.writer(request.getRef(), request.getTotal(), request.getExpected());
                    } else {
                        writer.expect(request.getTotal(), request.getExpected());
                    }
                    WriteContentResponse.Builder answer = WriteContentResponse.newBuilder().setAction(request.getAction());
                    LayoutContentStore.IngestStatus status = switch (request.getAction()) {
                        case STAT -> writer.status();
                        case WRITE -> writer.write(request.getOffset(), request.getData().toByteArray());
                        case COMMIT -> {
                            writer.write(request.getOffset(), request.getData().toByteArray());
                            yield writer.commit(request.getTotal(), request.getExpected());
                        }
                        default -> throw Status.INVALID_ARGUMENT.withDescription("unknown write action "
                                + request.getActionValue()).asRuntimeException();
                    };
                    answer.setOffset(status.offset()).setDigest(status.digest());
                    if (request.getAction() != WriteAction.WRITE) {
                        answer.setTotal(status.total()).setStartedAt(timestamp(status.started()))
                                .setUpdatedAt(timestamp(status.updated()));
                    }
                    reply.onNext(answer.build());
                    if (request.getAction() == WriteAction.COMMIT) {
                        finish();
                        reply.onCompleted();
                    }
                } catch (StatusRuntimeException e) {
                    finish();
                    reply.onError(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                finish(); // cancelled: the ingest stays, unfinished, until aborted or the session ends
            }

            @Override
            public void onCompleted() {
                if (!done) {
                    finish();
                    reply.onCompleted();
                }
            }

            private void finish() {
                done = true;
                if (writer != null) {
                    writer.close();
                }
            }
        };
    }

    private LayoutContentStore store() {
        String id = STORE.get();
        LayoutContentStore store = stores.get(id);
        if (store == null) {
            throw (id == null || id.isEmpty() ? Status.INVALID_ARGUMENT.withDescription("request lacks metadata \""
                    + STORE_ID.name() + "\"") : Status.NOT_FOUND.withDescription("unknown store " + id)).asRuntimeException();
        }
        return store;
    }

    private static <T> void answer(StreamObserver<T> reply, java.util.function.Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (StatusRuntimeException e) {
            reply.onError(e);
            return;
        }
        reply.onNext(value);
        reply.onCompleted();
    }

    private static Info info(LayoutContentStore.BlobInfo blob) {
        return Info.newBuilder().setDigest(blob.digest()).setSize(blob.size())
                .setCreatedAt(timestamp(blob.modified())).setUpdatedAt(timestamp(blob.modified())).build();
    }

    private static io.github.pgimage.core.session.content.proto.Status status(LayoutContentStore.IngestStatus s) {
        return io.github.pgimage.core.session.content.proto.Status.newBuilder().setRef(s.ref()).setOffset(s.offset())
                .setTotal(s.total()).setExpected(s.expected()).setStartedAt(timestamp(s.started()))
                .setUpdatedAt(timestamp(s.updated())).build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static final class Ignoring implements StreamObserver<WriteContentRequest> {
        @Override
        public void onNext(WriteContentRequest value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
