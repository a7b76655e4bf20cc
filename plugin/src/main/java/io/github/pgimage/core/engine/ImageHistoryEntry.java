package io.github.pgimage.core.engine;

/**
 * One entry of an image's history ({@code docker history}): the instruction that made it and the size of the layer
 * it added, 0 for an instruction that only changed the configuration ({@code ENV}, {@code LABEL}, …).
 *
 * @param createdBy the instruction as the builder recorded it ({@code RUN /bin/sh -c … # buildkit}); empty for an
 *                  imported image
 * @param sizeBytes the layer's size as the engine counts it
 * @param comment   the builder's note ({@code buildkit.dockerfile.v0}, {@code Imported from -}); empty when none
 */
public record ImageHistoryEntry(String createdBy, long sizeBytes, String comment) {
    public ImageHistoryEntry {
        createdBy = createdBy == null ? "" : createdBy;
        comment = comment == null ? "" : comment;
    }
}
