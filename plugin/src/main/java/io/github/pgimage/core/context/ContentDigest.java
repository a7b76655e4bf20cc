package io.github.pgimage.core.context;

/**
 * The size and SHA-256 of one context entry's content as the context tar took it: what the session's file sync
 * lists the entry by, so that serving the same context does not read every file a second time.
 */
public record ContentDigest(long size, byte[] sha256) {
    public ContentDigest {
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }
}
