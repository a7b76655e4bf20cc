package io.github.pgimage.core.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The references an image gets: the main {@code image} and the extra {@code tags}, each resolved to a full reference. */
public final class ImageReferences {

    private ImageReferences() {
    }

    /**
     * A tag that contains ':' or '/' is a full reference ({@code registry:5000/acme/pg:15}); anything else is a tag of
     * the main image's repository ({@code 15} next to {@code acme/pg:15.8} means {@code acme/pg:15}). Duplicates are
     * dropped, the main image comes first.
     */
    public static List<String> resolve(String image, List<String> tags) {
        ImageName main = ImageName.parse(image);
        LinkedHashSet<String> all = new LinkedHashSet<>();
        all.add(main.toString());
        for (String tag : tags == null ? List.<String>of() : tags) {
            if (tag == null || tag.isBlank()) {
                continue;
            }
            String trimmed = tag.trim();
            all.add(trimmed.contains(":") || trimmed.contains("/")
                    ? ImageName.parse(trimmed).toString()
                    : new ImageName(main.repository(), trimmed).toString());
        }
        return new ArrayList<>(all);
    }
}
