package io.github.pgimage.core.session.filesync;

import io.github.pgimage.core.session.filesync.proto.Packet;

/** The sending half of one DiffCopy call, as {@link DiffCopySender} needs it; the gRPC call in production. */
interface PacketLink {

    /**
     * Sends one packet, waiting while the receiver cannot take more (so a large file is never buffered whole).
     *
     * @throws TransferCancelled the call ended meanwhile (the engine cancelled or went away)
     */
    void send(Packet packet) throws InterruptedException;

    /** Ends the call: successfully when {@code error} is null. A call that already ended stays as it is. */
    void finish(String error);

    /** The engine cancelled the call, or its connection broke. */
    final class TransferCancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransferCancelled() {
            super("the engine ended the file transfer", null, false, false);
        }
    }
}
