package io.github.pgimage.core.metadata;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The standard image labels, the OCI image spec's pre-defined annotations ({@code org.opencontainers.image.*}), from
 * what the project says about itself: registries, scanners and {@code docker inspect} show them. The user's own
 * labels win: {@link #under} adds only the standard ones the user did not set. They land in the Dockerfile's metadata,
 * after every step, so a new revision or timestamp reruns nothing.
 *
 * <pre>{@code
 * Map<String, String> labels = new StandardLabels("orders-db", "Orders database", "1.4.0",
 *         GitRevision.of(projectDir).orElse(null), "https://github.com/acme/orders-db", null,
 *         List.of(new StandardLabels.License("Apache License, Version 2.0", null)), null).under(userLabels);
 * }</pre>
 *
 * @param title       a human-readable name
 * @param description what the image is; whitespace runs (a pom's indented text) become one space
 * @param version     the version of what is packaged
 * @param revision    the source control revision it was built from
 * @param source      where its source is
 * @param url         where to find more about it
 * @param licenses    its licenses; several are alternatives, as a pom's {@code <licenses>} are
 * @param created     the fixed time of a reproducible build, else null: a build time would give every build, even one
 *                    whose steps all came from the cache, a new image id
 */
public record StandardLabels(String title, String description, String version, String revision, String source,
                             String url, List<License> licenses, Instant created) {

    public static final String PREFIX = "org.opencontainers.image.";

    /** A license as a project names it: its name, and where its text is (either may be null). */
    public record License(String name, String url) {
    }

    public StandardLabels {
        licenses = licenses == null ? List.of() : List.copyOf(licenses);
    }

    /** The labels that have a value, in a fixed order. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        put(labels, "title", title);
        put(labels, "description", description == null ? null : description.strip().replaceAll("\\s+", " "));
        put(labels, "version", version);
        put(labels, "revision", revision);
        put(labels, "source", source);
        put(labels, "url", url);
        put(labels, "licenses", licenseExpression(licenses));
        put(labels, "created", created == null ? null : DateTimeFormatter.ISO_INSTANT.format(created));
        return labels;
    }

    /** {@code userLabels} as given, then every standard label they do not set. */
    public Map<String, String> under(Map<String, String> userLabels) {
        Map<String, String> merged = new LinkedHashMap<>(userLabels);
        labels().forEach(merged::putIfAbsent);
        return merged;
    }

    private static void put(Map<String, String> labels, String key, String value) {
        if (value != null && !value.isBlank()) {
            labels.put(PREFIX + key, value.strip());
        }
    }

    /**
     * The licenses as an SPDX expression, which the {@code licenses} label holds: each as its SPDX identifier when
     * its name or URL is one of the common ones (a pom writes "Apache License, Version 2.0"), else its name as
     * written; several joined with {@code OR}, since Maven reads several licenses as a choice.
     */
    static String licenseExpression(List<License> licenses) {
        return licenses.stream().map(StandardLabels::spdx).filter(Objects::nonNull).distinct()
                .collect(Collectors.joining(" OR "));
    }

    private static String spdx(License license) {
        String name = license.name() == null ? "" : license.name().strip();
        String url = license.url() == null ? "" : license.url().strip().toLowerCase(Locale.ROOT);
        String words = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", " ").strip();
        if (url.contains("apache.org/licenses/license-2.0") || words.matches("(the )?apache( software)? license"
                + "( version)? 2(\\.0)?|apache 2(\\.0)?|asl 2(\\.0)?")) {
            return "Apache-2.0";
        }
        if (url.contains("opensource.org/licenses/mit") || words.matches("(the )?mit( license)?")) {
            return "MIT";
        }
        if (url.contains("postgresql.org/about/licen") || words.matches("(the )?postgresql licen[cs]e")) {
            return "PostgreSQL";
        }
        if (words.matches("(the )?(new|revised|modified) bsd license|bsd 3 clause( license)?")) {
            return "BSD-3-Clause";
        }
        if (words.matches("(the )?simplified bsd license|bsd 2 clause( license)?")) {
            return "BSD-2-Clause";
        }
        if (words.matches("eclipse public license v ?2.0|eclipse public license 2.0|epl 2.0")) {
            return "EPL-2.0";
        }
        if (words.matches("mozilla public license( version)? 2.0|mpl 2.0")) {
            return "MPL-2.0";
        }
        return name.isEmpty() ? null : name;
    }
}
