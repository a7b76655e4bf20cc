package io.github.pgimage.core.engine;

/**
 * An image reference split the way the tag endpoint wants it: {@code localhost:5000/acme/pg:15}
 * is repository {@code localhost:5000/acme/pg} and tag {@code 15}; no tag means {@code latest}.
 */
public record ImageName(String repository, String tag) {

    public static ImageName parse(String reference) {
        if (reference == null || reference.isBlank() || reference.contains("@")) {
            throw new IllegalArgumentException("not a taggable image reference: '" + reference + "'");
        }
        String ref = reference.trim();
        int lastSlash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        // a colon before the last slash belongs to a registry's port, not to a tag
        if (colon > lastSlash) {
            return new ImageName(ref.substring(0, colon), ref.substring(colon + 1));
        }
        return new ImageName(ref, "latest");
    }

    @Override
    public String toString() {
        return repository + ":" + tag;
    }
}
