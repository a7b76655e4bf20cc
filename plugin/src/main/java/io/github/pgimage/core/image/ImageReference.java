package io.github.pgimage.core.image;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;

/**
 * An image reference as Docker reads it: {@code [registry/]path[:tag][@digest]}. The first path component is a
 * registry only when it has a '.' or ':', is {@code localhost}, or has upper-case letters (which repository paths
 * never do); without one, the image lives on Docker Hub, which goes by several names ({@link #DOCKER_HUB_ALIASES}).
 * The reference keeps the spelling it was given, since that is what the engine's tag and push endpoints expect.
 *
 * @param registry the registry as written ({@code localhost:5000}), or null when the reference names none
 * @param path     the repository path without the registry ({@code acme/postgres})
 * @param tag      the tag, or null when none was written
 * @param digest   the content digest ({@code sha256:…}), or null
 */
public record ImageReference(String registry, String path, String tag, String digest) {
    /** Docker Hub's canonical name, as registry logins and messages use it. */
    public static final String DOCKER_HUB = "docker.io";
    /** The names Docker Hub goes by: what users write, what config.json keys say, what BuildKit asks for. */
    public static final Set<String> DOCKER_HUB_ALIASES =
            Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");
    /** The tag an untagged reference means. */
    public static final String LATEST = "latest";

    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}");
    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");

    public ImageReference {
        Objects.requireNonNull(path, "path");
    }

    /**
     * @throws PgImageException carrying the text when it is not a reference (the message says which part is wrong)
     */
    public static ImageReference parse(String text) {
        String problem = problemOf(text);
        if (problem != null) {
            throw new PgImageException("'" + text + "' is not an image reference: " + problem, null, text, null);
        }
        return split(text.strip());
    }

    /** Like {@link #parse(String)}, for a value of a user setting: the error names the setting. */
    public static ImageReference parse(String text, Setting setting) {
        String problem = problemOf(text);
        if (problem != null) {
            throw new InvalidSettingException(setting, text, "'" + text + "' is not an image reference: " + problem
                    + " (expected [registry/]name[:tag], e.g. localhost:5000/acme/postgres:16)");
        }
        return split(text.strip());
    }

    /**
     * The main image and the extra tags as references, the image first, duplicates dropped. A tag with ':' or '/' is
     * a full reference ({@code registry:5000/acme/pg:15}); anything else is a tag of the main image's repository
     * ({@code 15} next to {@code acme/pg:15.8} means {@code acme/pg:15}). Every reference gets a tag ({@code latest}
     * when none is written); digests cannot be tagged.
     */
    public static List<ImageReference> imageAndTags(String image, List<String> tags) {
        ImageReference main = taggable(parse(image, Setting.IMAGE), image, Setting.IMAGE);
        LinkedHashSet<ImageReference> all = new LinkedHashSet<>();
        all.add(main);
        for (String tag : tags == null ? List.<String>of() : tags) {
            if (tag == null || tag.isBlank()) {
                continue;
            }
            String text = tag.strip();
            if (text.contains(":") || text.contains("/")) {
                all.add(taggable(parse(text, Setting.TAGS), text, Setting.TAGS));
            } else if (TAG.matcher(text).matches()) {
                all.add(main.withTag(text));
            } else {
                throw new InvalidSettingException(Setting.TAGS, text, "'" + text + "' is not a tag: a tag is up to 128"
                        + " letters, digits, '_', '.' and '-', not starting with '.' or '-'");
            }
        }
        return new ArrayList<>(all);
    }

    private static ImageReference taggable(ImageReference reference, String text, Setting setting) {
        if (reference.digest() != null) {
            throw new InvalidSettingException(setting, text, "'" + text + "' names a digest; an image built here can"
                    + " only be given a tag (name:tag)");
        }
        return reference.tag() == null ? reference.withTag(LATEST) : reference;
    }

    private static String problemOf(String text) {
        if (text == null || text.isBlank()) {
            return "it is empty";
        }
        String ref = text.strip();
        String rest = ref;
        int at = rest.indexOf('@');
        if (at >= 0) {
            if (!DIGEST.matcher(rest.substring(at + 1)).matches()) {
                return "the digest after '@' must be algorithm:hex, e.g. sha256:<64 hex digits>";
            }
            rest = rest.substring(0, at);
        }
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            if (!TAG.matcher(rest.substring(colon + 1)).matches()) {
                return "the tag '" + rest.substring(colon + 1) + "' must be up to 128 letters, digits, '_', '.' and"
                        + " '-', not starting with '.' or '-'";
            }
            rest = rest.substring(0, colon);
        }
        String[] components = rest.split("/", -1);
        int first = 0;
        if (components.length > 1 && isRegistry(components[0])) {
            if (!REGISTRY.matcher(components[0]).matches()) {
                return "the registry '" + components[0] + "' must be host[:port]";
            }
            first = 1;
        }
        for (int i = first; i < components.length; i++) {
            if (!PATH_COMPONENT.matcher(components[i]).matches()) {
                return "'" + components[i] + "' is not a repository name component (lower-case letters and digits,"
                        + " separated by '.', '_', '__' or '-')";
            }
        }
        return null;
    }

    private static ImageReference split(String ref) {
        String digest = null;
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = ref.substring(at + 1);
            ref = ref.substring(0, at);
        }
        String tag = null;
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        // a colon before the last slash belongs to a registry's port, not to a tag
        if (colon > slash) {
            tag = ref.substring(colon + 1);
            ref = ref.substring(0, colon);
        }
        int firstSlash = ref.indexOf('/');
        if (firstSlash > 0 && isRegistry(ref.substring(0, firstSlash))) {
            return new ImageReference(ref.substring(0, firstSlash), ref.substring(firstSlash + 1), tag, digest);
        }
        return new ImageReference(null, ref, tag, digest);
    }

    /** Docker's rule for "is the first component a registry host". */
    private static boolean isRegistry(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost")
                || !component.toLowerCase(Locale.ROOT).equals(component);
    }

    /**
     * The registry a pull or push of this image talks to, for looking up logins: lower-case host[:port], every
     * name of Docker Hub (and no registry at all) being {@link #DOCKER_HUB}.
     */
    public String registryHost() {
        return registry == null ? DOCKER_HUB : canonicalHost(registry);
    }

    /** {@code Index.Docker.io} → {@code docker.io}; any other host lower-cased. */
    public static String canonicalHost(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        return DOCKER_HUB_ALIASES.contains(lower) ? DOCKER_HUB : lower;
    }

    public boolean isDockerHub() {
        return DOCKER_HUB.equals(registryHost());
    }

    /** The repository as the engine's tag and push endpoints take it: the registry (as written) and the path. */
    public String repository() {
        return registry == null ? path : registry + "/" + path;
    }

    /** The tag, {@code latest} when none was written. */
    public String tagOrLatest() {
        return tag == null ? LATEST : tag;
    }

    public Optional<String> digestValue() {
        return Optional.ofNullable(digest);
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, path, newTag, null);
    }

    /** The reference as Docker writes it: {@code repository[:tag][@digest]}. */
    @Override
    public String toString() {
        return repository() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    // Written out, as a record's would be: the generated ones are linked through ObjectMethods on first use, which
    // costs a fresh JVM about 15 ms (the build's first Set of references pays it; measured alone: 18 ms against 0.2 ms).
    @Override
    public boolean equals(Object other) {
        return other instanceof ImageReference that && Objects.equals(registry, that.registry)
                && path.equals(that.path) && Objects.equals(tag, that.tag) && Objects.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(registry, path, tag, digest);
    }
}
