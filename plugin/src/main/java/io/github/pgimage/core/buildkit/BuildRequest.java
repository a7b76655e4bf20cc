package io.github.pgimage.core.buildkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.pgimage.core.image.ImageReference;

/**
 * What to build and how. Tags are applied only after the build succeeded, so a failed build
 * leaves every tag where it was.
 *
 * @param context   the context tar, with the Dockerfile at its root
 * @param tags      image references to point at the result, e.g. {@code acme/postgres:15}
 * @param target    the stage to build, or null for the last one
 * @param sessionId a BuildKit session to link (for secrets), or null
 * @param buildId   the id the build can be cancelled by, or null to let the builder choose one
 * @param contextSecrets secret id to the path of its file in the context tar, for Podman, which takes build secrets
 *                  that way and moves them out of the context before the build (empty on Docker: its secrets are
 *                  served over the session)
 * @param contextInSession the engine pulls the context and the Dockerfile from the session's FileSync
 *                  ({@code remote=client-session}) instead of reading a tar from the request
 * @param platforms the platforms to build for ({@code linux/arm64}); empty for the builder's own
 * @param cacheFrom cache imports: images with inline cache, registry caches ({@code /build} takes plain references
 *                  only; {@link #cacheFromReferences()})
 * @param cacheTo   cache exports besides inline metadata (BuildKit's gRPC API only)
 * @param attestations provenance and SBOM attestations (BuildKit's gRPC API only)
 */
public record BuildRequest(ContextSource context, List<ImageReference> tags, Map<String, String> buildArgs,
                           boolean pull, boolean noCache, String target, List<CacheSpec> cacheFrom,
                           String sessionId, String buildId, Map<String, String> contextSecrets,
                           boolean contextInSession, List<String> platforms, List<CacheSpec> cacheTo,
                           Attestations attestations) {
    /** Where the Dockerfile is in the context: the generated one is always at the root. */
    public static final String DOCKERFILE = "Dockerfile";

    public BuildRequest {
        Objects.requireNonNull(context, "context");
        if (contextInSession && (sessionId == null || sessionId.isBlank())) {
            throw new IllegalArgumentException("a context served over the session needs the session's id");
        }
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
        cacheFrom = List.copyOf(cacheFrom);
        cacheTo = List.copyOf(cacheTo);
        attestations = attestations == null ? Attestations.UNSET : attestations;
        contextSecrets = Map.copyOf(contextSecrets);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    /** The image references of the registry cache imports: what the engine's {@code /build} takes as {@code cachefrom}. */
    public List<String> cacheFromReferences() {
        return cacheFrom.stream().filter(spec -> spec.type().equals(CacheSpec.REGISTRY))
                .map(spec -> spec.attrs().get("ref")).toList();
    }

    /** This request with another context source, to change before sending. */
    public Builder toBuilder(ContextSource source) {
        return builder(source).tags(tags).buildArgs(buildArgs).pull(pull).noCache(noCache).target(target)
                .cacheImports(cacheFrom).cacheExports(cacheTo).attestations(attestations).sessionId(sessionId)
                .buildId(buildId).contextSecrets(contextSecrets).contextInSession(contextInSession)
                .platforms(platforms);
    }

    public static Builder builder(ContextSource context) {
        return new Builder(context);
    }

    /** Collects optional settings; everything not set keeps Docker's default. */
    public static final class Builder {
        private final ContextSource context;
        private final List<ImageReference> tags = new ArrayList<>();
        private final Map<String, String> buildArgs = new LinkedHashMap<>();
        private boolean pull;
        private boolean noCache;
        private String target;
        private final List<CacheSpec> cacheFrom = new ArrayList<>();
        private final List<CacheSpec> cacheTo = new ArrayList<>();
        private Attestations attestations = Attestations.UNSET;
        private String sessionId;
        private String buildId;
        private final Map<String, String> contextSecrets = new LinkedHashMap<>();
        private boolean contextInSession;
        private final List<String> platforms = new ArrayList<>();

        private Builder(ContextSource context) {
            this.context = context;
        }

        public Builder tag(ImageReference reference) {
            tags.add(reference);
            return this;
        }

        /** A tag given as text, e.g. {@code acme/postgres:15}. */
        public Builder tag(String reference) {
            return tag(ImageReference.parse(reference));
        }

        public Builder tags(List<ImageReference> references) {
            tags.addAll(references);
            return this;
        }

        /** These cache imports and exports instead of those set so far (local folders as their session stores). */
        public Builder replaceCache(List<CacheSpec> imports, List<CacheSpec> exports) {
            cacheFrom.clear();
            cacheTo.clear();
            return cacheImports(imports).cacheExports(exports);
        }

        /** No tag: the image is built unnamed, for the caller to tag once every output is written. */
        public Builder untagged() {
            tags.clear();
            return this;
        }

        public Builder buildArgs(Map<String, String> args) {
            buildArgs.putAll(args);
            return this;
        }

        /** Ask the registry for a newer base image; off by default, since the local one is used as is. */
        public Builder pull(boolean pull) {
            this.pull = pull;
            return this;
        }

        public Builder noCache(boolean noCache) {
            this.noCache = noCache;
            return this;
        }

        public Builder target(String stage) {
            this.target = stage;
            return this;
        }

        /** Images whose cache may be imported (their inline cache, or a registry cache written there). */
        public Builder cacheFrom(List<String> references) {
            references.forEach(ref -> cacheFrom.add(new CacheSpec(CacheSpec.REGISTRY, Map.of("ref", ref))));
            return this;
        }

        /** Cache imports as BuildKit's specs (registry or local). */
        public Builder cacheImports(List<CacheSpec> imports) {
            cacheFrom.addAll(imports);
            return this;
        }

        /** Provenance and SBOM attestations for BuildKit to attach. */
        public Builder attestations(Attestations attestations) {
            this.attestations = attestations;
            return this;
        }

        /** Cache exports as BuildKit's specs (registry, local); inline metadata is {@code BUILDKIT_INLINE_CACHE}'s. */
        public Builder cacheExports(List<CacheSpec> exports) {
            cacheTo.addAll(exports);
            return this;
        }

        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder buildId(String buildId) {
            this.buildId = buildId;
            return this;
        }

        /** Secrets the context tar carries (id to path in the tar), for Podman's {@code secrets} build parameter. */
        public Builder contextSecrets(Map<String, String> secrets) {
            contextSecrets.putAll(secrets);
            return this;
        }

        /** The session (see {@link #sessionId}) serves the context over FileSync; the tar is not sent. */
        public Builder contextInSession(boolean inSession) {
            this.contextInSession = inSession;
            return this;
        }

        /** Platforms to build for, as BuildKit spells them ({@code linux/arm64}); none for the builder's own. */
        public Builder platforms(List<String> platforms) {
            this.platforms.addAll(platforms);
            return this;
        }

        public BuildRequest build() {
            return new BuildRequest(context, tags, buildArgs, pull, noCache, target, cacheFrom, sessionId, buildId,
                    contextSecrets, contextInSession, platforms, cacheTo, attestations);
        }
    }
}
