package io.github.pgimage.core.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.engine.EngineVersion;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of {@code build-report.json}, in the shape docs/REFERENCE.md documents (fields may be added, never renamed).
 *
 * @param image         the image reference the user asked for
 * @param contextDigest {@code sha256:…} of the context tar that was built
 * @param cacheHitRate  stepsCached / stepsTotal, rounded to three decimals; 0 without steps
 * @param context       how the context reached the engine and how much of it was sent; absent when unknown
 * @param builder       which BuildKit built the image and through which door; absent when unknown
 * @param inputs        sha256 of every project file a step reads, by path: the next build names the edited ones
 * @param cacheArguments the state of each step's cache rules and rebuild mark, by script path
 * @param pushed        where BuildKit pushed the image during the build; absent when it did not
 * @param platforms     the platforms built: those asked for, else the builder's own; absent when unknown (Podman)
 * @param platformSteps steps per platform, in a build for several platforms; else absent
 * @param cache         the BuildKit caches the build imported from and exported to; absent when none
 * @param attestations  the attestations BuildKit attached to the image; absent when none
 * @param finishedAt    when the build ended (ISO-8601, UTC); absent in the report {@code ImageBuild} writes first
 * @param failed        the step that failed and its last output lines; absent when the build succeeded
 * @param layers        the image by layer, from the engine's image history; absent when unknown
 * @param warnings      the plan's warnings (what is allowed but probably not meant); empty when none
 */
@JsonPropertyOrder({"image", "imageId", "contextDigest", "context", "engine", "builder", "platforms", "durationMillis",
        "finishedAt", "failed", "steps", "stepsTotal", "stepsCached", "cacheHitRate", "platformSteps", "cache", "pushed",
        "attestations", "layers", "warnings", "cacheArguments", "inputs"})
public record BuildReport(String image, String imageId, String contextDigest,
                          @JsonInclude(JsonInclude.Include.NON_NULL) ContextSent context, Engine engine,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Builder builder, long durationMillis,
                          List<StepEntry> steps, int stepsTotal, int stepsCached, double cacheHitRate,
                          Map<String, String> cacheArguments, Map<String, String> inputs,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Pushed pushed,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> platforms,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, PlatformSteps> platformSteps,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Cache cache,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Attested attestations,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String finishedAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Failure failed,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Layers layers,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

    /**
     * The attestation manifests BuildKit stored beside the image.
     *
     * @param provenance {@code min} or {@code max} (SLSA provenance), absent when none
     * @param sbom       the scanner image that made the SPDX SBOM, absent when none
     */
    @JsonPropertyOrder({"provenance", "sbom"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attested(String provenance, String sbom) {
    }

    /**
     * An image BuildKit pushed as it exported it (the {@code build} goal's {@code push} option).
     *
     * @param digest     the digest the registry serves for every reference (the manifest's, or the index's)
     * @param references the references pushed
     * @param loaded     false when the image went to the registry only ({@code load=false}): the engine does not
     *                   have it; absent when it does
     */
    @JsonPropertyOrder({"digest", "references", "loaded"})
    public record Pushed(String digest, List<String> references,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Boolean loaded) {
        public Pushed {
            references = List.copyOf(references);
            loaded = Boolean.FALSE.equals(loaded) ? Boolean.FALSE : null;
        }

        public Pushed(String digest, List<String> references) {
            this(digest, references, null);
        }

        /** This push, saying whether the engine got the image too. */
        public Pushed loaded(boolean inEngine) {
            return new Pushed(digest, references, inEngine);
        }
    }

    /**
     * The BuildKit caches of a build, each as its spec ({@code type=registry,ref=…,mode=max}).
     *
     * @param imported what BuildKit was given to import (an import that holds nothing yet is not an error)
     * @param exported what BuildKit wrote, {@code type=inline} for metadata in the image
     */
    @JsonPropertyOrder({"imported", "exported"})
    public record Cache(List<String> imported, List<String> exported) {
        public Cache {
            imported = List.copyOf(imported);
            exported = List.copyOf(exported);
        }

        /** The caches of a build, inline metadata last among the exports; null when it used none. */
        public static Cache of(List<String> imported, List<String> exported, boolean inline) {
            if (imported.isEmpty() && exported.isEmpty() && !inline) {
                return null;
            }
            List<String> all = new java.util.ArrayList<>(exported);
            if (inline) {
                all.add("type=inline");
            }
            return new Cache(imported, all);
        }
    }

    /**
     * What of the context the engine received, and what the context holds.
     *
     * @param transfer           {@code tar} (the whole context.tar in the request) or {@code session} (FileSync:
     *                           only the files the engine asked for)
     * @param filesListed        context files the engine saw
     * @param filesSent          files whose content was sent
     * @param bytesSent          their bytes (for {@code tar}: the tar's size)
     * @param projectFiles       the project's files in the context (the Dockerfile and generated files aside);
     *                           absent when not counted
     * @param projectBytes       their bytes; absent when not counted
     * @param dockerignoredFiles files of the layout's places that {@code .dockerignore} kept out; absent when not counted
     * @param dockerignored      the first {@value #DOCKERIGNORED_LISTED} of them, by path; absent when not counted
     */
    @JsonPropertyOrder({"transfer", "filesListed", "filesSent", "bytesSent", "projectFiles", "projectBytes",
            "dockerignoredFiles", "dockerignored"})
    public record ContextSent(String transfer, long filesListed, long filesSent, long bytesSent,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Long projectFiles,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Long projectBytes,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Integer dockerignoredFiles,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<String> dockerignored) {
        /** How many ignored paths the report lists; the count says how many there were. */
        public static final int DOCKERIGNORED_LISTED = 100;

        public ContextSent {
            dockerignored = dockerignored == null ? null
                    : List.copyOf(dockerignored.subList(0, Math.min(dockerignored.size(), DOCKERIGNORED_LISTED)));
        }

        public ContextSent(String transfer, long filesListed, long filesSent, long bytesSent) {
            this(transfer, filesListed, filesSent, bytesSent, null, null, null, null);
        }

        /** The same, with what the context holds and what .dockerignore left out (every path; the first are kept). */
        public ContextSent withContents(long files, long bytes, List<String> ignored) {
            return new ContextSent(transfer, filesListed, filesSent, bytesSent, files, bytes, ignored.size(), ignored);
        }
    }

    /**
     * The step that made the build fail.
     *
     * @param step   its name as BuildKit gave it (as in {@code steps}), or null when the engine did not say which
     * @param error  the engine's error
     * @param output its last output lines, oldest first
     */
    @JsonPropertyOrder({"step", "error", "output"})
    public record Failure(String step, String error, List<String> output) {
        public Failure {
            output = List.copyOf(output);
        }
    }

    /**
     * The image by layer, from the engine's image history (the engine's own platform of an index).
     *
     * @param source     where the sizes come from: {@code engine history}
     * @param platform   the platform the history describes (the engine's own of an index); absent when the engine
     *                   does not say
     * @param totalBytes every layer's size together (the base image's too)
     * @param baseImage  the base image as the plan names it
     * @param baseBytes  the base image's share
     * @param baseLayers the base image's history entries (and layers its history does not describe)
     * @param entries    the layers the build added, in image order (oldest first); configuration-only entries
     *                   ({@code ENV}, {@code LABEL}, …) are left out
     */
    @JsonPropertyOrder({"source", "platform", "totalBytes", "baseImage", "baseBytes", "baseLayers", "entries"})
    public record Layers(String source, @JsonInclude(JsonInclude.Include.NON_NULL) String platform, long totalBytes,
                         String baseImage, long baseBytes, int baseLayers, List<Layer> entries) {
        public Layers {
            entries = List.copyOf(entries);
        }
    }

    /**
     * One layer the build added.
     *
     * @param step      the step that made it, as named in {@code steps}; absent when no step matches
     * @param stage     {@code setup} or {@code runtime} (the image's two parts); absent when no step matches
     * @param createdBy the instruction as the image's history records it
     * @param sizeBytes the layer's size
     */
    @JsonPropertyOrder({"step", "stage", "createdBy", "sizeBytes"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Layer(String step, String stage, String createdBy, long sizeBytes) {
    }

    /**
     * Which BuildKit built the image.
     *
     * @param api        {@code grpc} (BuildKit's Control API) or {@code build-api} (the engine's {@code POST /build})
     * @param buildkit   BuildKit's version, {@code unknown} when the daemon does not say
     * @param imageStore {@code engine} (classic store), {@code containerd} (the engine's containerd image store) or
     *                   {@code buildkit} (a standalone daemon's own store)
     * @param via        {@code POST /grpc}, {@code engine socket}, {@code POST /build}, or the daemon's address
     * @param reason     why this builder and door were chosen ({@code builder=auto} weighs what the build needs)
     */
    @JsonPropertyOrder({"api", "buildkit", "imageStore", "via", "reason"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Builder(String api, String buildkit, String imageStore, String via, String reason) {
    }

    /** @param kind {@code docker} or {@code podman}: what answered, so which builder built (BuildKit or Buildah) */
    @JsonPropertyOrder({"kind", "version", "apiVersion"})
    public record Engine(String kind, String version, String apiVersion) {
    }

    /**
     * @param reason   why a step that ran was not cached; absent for cached steps
     * @param platform the platform the step ran for, in a build for several platforms; else absent
     */
    @JsonPropertyOrder({"name", "platform", "stage", "cached", "durationMillis", "reason"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepEntry(String name, String stage, boolean cached, long durationMillis, String reason,
                            String platform) {
        public StepEntry(String name, String stage, boolean cached, long durationMillis) {
            this(name, stage, cached, durationMillis, null, null);
        }

        public StepEntry(String name, String stage, boolean cached, long durationMillis, String reason) {
            this(name, stage, cached, durationMillis, reason, null);
        }
    }

    /** Steps of one platform in a build for several: how many, and how many came from the cache. */
    @JsonPropertyOrder({"stepsTotal", "stepsCached"})
    public record PlatformSteps(int stepsTotal, int stepsCached) {
    }

    public BuildReport {
        steps = List.copyOf(steps);
        cacheArguments = cacheArguments == null ? Map.of() : new TreeMap<>(cacheArguments);
        inputs = inputs == null ? Map.of() : new TreeMap<>(inputs);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        platformSteps = platformSteps == null ? Map.of() : new TreeMap<>(platformSteps);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public BuildReport(String image, String imageId, String contextDigest, Engine engine, long durationMillis,
                       List<StepEntry> steps, int stepsTotal, int stepsCached, double cacheHitRate) {
        this(image, imageId, contextDigest, null, engine, null, durationMillis, steps, stepsTotal, stepsCached,
                cacheHitRate, Map.of(), Map.of(), null, List.of(), Map.of(), null, null, null, null, null, List.of());
    }

    /** The same report with a reason for each step that ran (same order as the steps) and the state to compare with next time. */
    public BuildReport withCacheHistory(List<String> reasons, Map<String, String> arguments, Map<String, String> files) {
        List<StepEntry> explained = new java.util.ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            StepEntry s = steps.get(i);
            explained.add(new StepEntry(s.name(), s.stage(), s.cached(), s.durationMillis(),
                    s.cached() ? null : reasons.get(i), s.platform()));
        }
        return new BuildReport(image, imageId, contextDigest, context, engine, builder, durationMillis, explained,
                stepsTotal, stepsCached, cacheHitRate, arguments, files, pushed, platforms, platformSteps,
                cache, attestations, finishedAt, failed, layers, warnings);
    }

    /** The same report, saying how the context was sent. */
    public BuildReport withContext(ContextSent sent) {
        return new BuildReport(image, imageId, contextDigest, sent, engine, builder, durationMillis, steps, stepsTotal,
                stepsCached, cacheHitRate, cacheArguments, inputs, pushed, platforms, platformSteps,
                cache, attestations, finishedAt, failed, layers, warnings);
    }

    /** The same report, saying where BuildKit pushed the image; null for none. */
    public BuildReport withPushed(Pushed pushed) {
        return new BuildReport(image, imageId, contextDigest, context, engine, builder, durationMillis, steps, stepsTotal,
                stepsCached, cacheHitRate, cacheArguments, inputs, pushed, platforms, platformSteps,
                cache, attestations, finishedAt, failed, layers, warnings);
    }

    /**
     * The same report, naming the platforms built; with several, the steps are also counted per platform (each
     * step names its platform).
     */
    public BuildReport withPlatforms(List<String> built) {
        Map<String, PlatformSteps> perPlatform = new TreeMap<>();
        if (built.size() > 1) {
            for (String platform : built) {
                List<StepEntry> own = steps.stream().filter(s -> platform.equals(s.platform())).toList();
                perPlatform.put(platform, new PlatformSteps(own.size(), (int) own.stream().filter(StepEntry::cached).count()));
            }
        }
        return new BuildReport(image, imageId, contextDigest, context, engine, builder, durationMillis, steps, stepsTotal,
                stepsCached, cacheHitRate, cacheArguments, inputs, pushed, built, perPlatform,
                cache, attestations, finishedAt, failed, layers, warnings);
    }

    /** The same report, with the attestations BuildKit attached; null for none. */
    public BuildReport withAttestations(Attested attested) {
        return new BuildReport(image, imageId, contextDigest, context, engine, builder, durationMillis, steps, stepsTotal,
                stepsCached, cacheHitRate, cacheArguments, inputs, pushed, platforms, platformSteps,
                cache, attested, finishedAt, failed, layers, warnings);
    }

    /** The same report, with the caches imported and exported; null for none. */
    public BuildReport withCache(Cache used) {
        return new BuildReport(image, imageId, contextDigest, context, engine, builder, durationMillis, steps, stepsTotal,
                stepsCached, cacheHitRate, cacheArguments, inputs, pushed, platforms, platformSteps,
                used, attestations, finishedAt, failed, layers, warnings);
    }

    /**
     * The same report with what the page adds to the build's own record: when it ended, the image by layer (null when
     * unknown) and the plan's warnings.
     */
    public BuildReport withDetails(java.time.Instant finished, Layers imageLayers, List<String> planWarnings) {
        return new BuildReport(image, imageId, contextDigest, context, engine, builder, durationMillis, steps, stepsTotal,
                stepsCached, cacheHitRate, cacheArguments, inputs, pushed, platforms, platformSteps, cache,
                attestations, finished.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(), failed,
                imageLayers, planWarnings);
    }

    /** The same report, saying which step failed and how; null for a build that succeeded. */
    public BuildReport withFailure(Failure failure) {
        return new BuildReport(image, imageId, contextDigest, context, engine, builder, durationMillis, steps, stepsTotal,
                stepsCached, cacheHitRate, cacheArguments, inputs, pushed, platforms, platformSteps,
                cache, attestations, finishedAt, failure, layers, warnings);
    }

    public static BuildReport of(String image, String contextDigest, BuildResult result) {
        return of(image, contextDigest, result, null);
    }

    /** @param builder the BuildKit that built it, or null when unknown */
    public static BuildReport of(String image, String contextDigest, BuildResult result, BuilderInfo builder) {
        List<StepEntry> steps = result.steps().stream()
                .map(BuildReport::entry)
                .toList();
        int cached = (int) steps.stream().filter(StepEntry::cached).count();
        return new BuildReport(image, result.imageId(), contextDigest, null,
                new Engine(result.engine().kind().reportName(), result.engine().version(), result.engine().apiVersion()),
                builder == null ? null : new Builder(builder.api().reportName(), builder.buildkit(),
                        builder.imageStore().reportName(), builder.via(),
                        builder.reason()),
                result.durationMillis(), steps, steps.size(), cached, hitRate(cached, steps.size()), Map.of(), Map.of(),
                null, List.of(), Map.of(), null, null, null, null, null, List.of());
    }

    /**
     * The report of a build that ran and failed: the steps it got through and the failed one (named in
     * {@code failed}, with the engine's error and the step's last output lines), no image.
     *
     * @param engine  the engine that ran the build
     * @param builder the BuildKit that ran it, or null when unknown (Podman's Buildah)
     * @param mask    hides secrets in the error and the output lines, as the log does
     */
    public static BuildReport ofFailure(String image, String contextDigest, EngineVersion engine, BuilderInfo builder,
                                        BuildFailedException failure, long durationMillis,
                                        java.util.function.UnaryOperator<String> mask) {
        Step failedStep = failure.failedStep().orElse(null);
        List<Step> steps = new java.util.ArrayList<>(failure.steps());
        if (failedStep != null && steps.stream().noneMatch(s -> s.name().equals(failedStep.name()))) {
            steps.add(failedStep);
        }
        Failure failed = new Failure(failedStep == null ? null : failedStep.name(),
                mask.apply(failedStep != null && failedStep.error() != null ? failedStep.error() : failure.getMessage()),
                failedStep == null ? List.of() : failedStep.output().stream().map(mask).toList());
        return of(image, contextDigest, new BuildResult(null, List.of(), steps, engine, durationMillis), builder)
                .withFailure(failed);
    }

    private static StepEntry entry(Step step) {
        return new StepEntry(step.name(), step.stage(), step.cached(), step.durationMillis(), null, step.platform());
    }

    static double hitRate(int cached, int total) {
        if (total == 0) {
            return 0;
        }
        return BigDecimal.valueOf(cached).divide(BigDecimal.valueOf(total), 3, RoundingMode.HALF_UP).doubleValue();
    }
}
