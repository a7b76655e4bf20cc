package io.github.pgimage.core.registry;

import java.util.List;

/**
 * Every tag pushed, in the order given.
 *
 * @param images one entry per reference
 */
public record PushResult(List<PushedImage> images) {
    public PushResult {
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a push result has at least one image");
        }
    }

    /**
     * The manifest digest of the main image (the first reference). Tags of one image share it, since the engine
     * pushes the same manifest under each.
     */
    public String digest() {
        return images.get(0).digest();
    }
}
