package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.image.ImageReference;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The supply-chain attestations BuildKit attaches to the image, as {@code docker buildx build --provenance/--sbom}
 * asks for them: an SLSA provenance statement ({@code min}: the build's inputs and platform; {@code max}: also the
 * build's steps, its source and its arguments) and an SPDX SBOM made by a scanner image that BuildKit runs on the
 * image's file system. Both end up as attestation manifests beside the image in its index.
 *
 * <pre>{@code
 * Attestations.parse("max", null)          // provenance mode=max, no SBOM
 * Attestations.parse(null, "true")         // BuildKit's default scanner image
 * Attestations.parse("false", "localhost:5000/tools/scanner:1")
 * }</pre>
 *
 * @param provenance what the user asked for
 * @param sbomScanner the scanner image, or null for no SBOM
 */
public record Attestations(Provenance provenance, String sbomScanner) {
    /** BuildKit's own choice when {@code attest:sbom} names no generator. */
    public static final String DEFAULT_SCANNER = "docker/buildkit-syft-scanner:stable-1";

    public static final Attestations UNSET = new Attestations(Provenance.UNSET, null);

    /** The {@code provenance} setting. */
    public enum Provenance {
        /** Not given: {@code min} when BuildKit pushes the image, else none (what buildx does, without the local noise). */
        UNSET,
        MIN,
        MAX,
        /** {@code false}: no provenance at all, not even an empty entry. */
        NONE
    }

    /**
     * @param provenance {@code min}, {@code max}, {@code false} (also {@code mode=min}, {@code mode=max}, {@code true}
     *                   for min), or null/blank for the default
     * @param sbom       {@code false}, {@code true} (BuildKit's default scanner), a scanner image or
     *                   {@code generator=IMAGE}, or null/blank for none
     * @throws InvalidSettingException naming the setting and the value
     */
    public static Attestations parse(String provenance, String sbom) {
        return new Attestations(provenance(provenance), scanner(sbom));
    }

    private static Provenance provenance(String text) {
        if (text == null || text.isBlank()) {
            return Provenance.UNSET;
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        return switch (value.startsWith("mode=") ? value.substring("mode=".length()) : value) {
            case "min", "true" -> Provenance.MIN;
            case "max" -> Provenance.MAX;
            case "false" -> Provenance.NONE;
            default -> throw new InvalidSettingException(Setting.PROVENANCE, text, "provenance='" + text
                    + "' is none of min, max, false (min records the build's inputs, max also its steps and arguments)");
        };
    }

    private static String scanner(String text) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("false")) {
            return null;
        }
        String value = text.strip();
        if (value.equalsIgnoreCase("true")) {
            return DEFAULT_SCANNER;
        }
        if (value.startsWith("generator=")) {
            value = value.substring("generator=".length());
        }
        try {
            ImageReference.parse(value, Setting.SBOM);
        } catch (InvalidSettingException e) {
            throw new InvalidSettingException(Setting.SBOM, text, "sbom='" + text + "' is neither true, false nor a"
                    + " scanner image: " + e.getMessage(), e);
        }
        return value;
    }

    /**
     * The provenance this build attaches: the setting, or for {@link Provenance#UNSET} {@code min} when BuildKit
     * pushes the image and none otherwise.
     */
    public Provenance effectiveProvenance(boolean pushedByBuildKit) {
        if (provenance == Provenance.UNSET) {
            return pushedByBuildKit ? Provenance.MIN : Provenance.NONE;
        }
        return provenance;
    }

    /** Whether the user asked for an attestation in so many words (so a builder that has none must refuse). */
    public boolean requested() {
        return provenance == Provenance.MIN || provenance == Provenance.MAX || sbomScanner != null;
    }

    /**
     * The Dockerfile frontend's options ({@code attest:provenance=mode=max}, {@code attest:sbom=generator=IMAGE}),
     * as buildx sends them; nothing at all for an attestation that is off.
     */
    public Map<String, String> frontendAttrs(boolean pushedByBuildKit) {
        Map<String, String> attrs = new LinkedHashMap<>();
        switch (effectiveProvenance(pushedByBuildKit)) {
            case MIN -> attrs.put("attest:provenance", "mode=min");
            case MAX -> attrs.put("attest:provenance", "mode=max");
            default -> { }
        }
        if (sbomScanner != null) {
            attrs.put("attest:sbom", "generator=" + sbomScanner);
        }
        return attrs;
    }
}
