package io.github.pgimage.core;

/** The engine has no image by the reference a goal needs (to push it, to run it): it has to be built first. */
public class ImageNotFoundException extends PgImageException {
    public ImageNotFoundException(String reference) {
        super("The engine has no image " + reference + "; build it first.", null, reference, null);
    }

    /** The reference the engine does not know. */
    public String reference() {
        return value().orElseThrow();
    }
}
