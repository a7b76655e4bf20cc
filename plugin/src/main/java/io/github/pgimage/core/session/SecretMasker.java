package io.github.pgimage.core.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces secret values in text that is about to be logged. Besides each whole value it masks the
 * value without surrounding white space (a file's trailing newline) and each line of a multi-line
 * value, since a build log shows output line by line.
 */
public final class SecretMasker {
    public static final String MASK = "****";
    /** Shorter lines of a multi-line secret (a lone "}" or "--") would blank out ordinary output. */
    private static final int MIN_FRAGMENT = 4;

    private final List<String> fragments;

    private SecretMasker(List<String> fragments) {
        this.fragments = fragments;
    }

    public static SecretMasker none() {
        return new SecretMasker(List.of());
    }

    public static SecretMasker of(Collection<String> secrets) {
        Set<String> fragments = new LinkedHashSet<>();
        for (String secret : secrets) {
            addFragments(secret, fragments);
        }
        List<String> ordered = new ArrayList<>(fragments);
        // Longest first, so that a value containing another is masked whole, not piecewise.
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretMasker(List.copyOf(ordered));
    }

    private static void addFragments(String secret, Set<String> fragments) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        fragments.add(secret);
        String stripped = secret.strip();
        if (!stripped.isEmpty()) {
            fragments.add(stripped);
        }
        for (String line : secret.split("\\R")) {
            String part = line.strip();
            if (part.length() >= MIN_FRAGMENT) {
                fragments.add(part);
            }
        }
    }

    /** A masker for these values and those of {@code more} (e.g. registry passwords). */
    public SecretMasker with(Collection<String> more) {
        List<String> all = new ArrayList<>(fragments);
        all.addAll(more);
        return of(all);
    }

    /** The text with every secret value replaced by {@value #MASK}; null stays null. */
    public String mask(String text) {
        if (text == null || fragments.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String fragment : fragments) {
            if (masked.contains(fragment)) {
                masked = masked.replace(fragment, MASK);
            }
        }
        return masked;
    }

    public boolean isEmpty() {
        return fragments.isEmpty();
    }
}
