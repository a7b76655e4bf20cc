package io.github.pgimage.core.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The user's choices that shape the image besides the project's files: the Maven parameters of the same names.
 * Maps keep their insertion order so that the generated Dockerfile is stable.
 */
public record ImageSettings(String baseImage, String runAsUser, Map<String, String> env, Map<String, String> labels,
                            List<String> buildArgNames, List<String> exposedPorts, List<String> volumes,
                            String stopSignal, boolean healthcheck, boolean aptCache, List<String> secretIds,
                            List<FileMode> fileModes, CacheInvalidation invalidation) {

    public static final String DEFAULT_BASE_IMAGE = "debian:bookworm-slim";
    public static final String DEFAULT_USER = "postgres";
    public static final String DEFAULT_PORT = "5432";
    public static final String DEFAULT_VOLUME = "/var/lib/postgresql/data";
    public static final String DEFAULT_STOP_SIGNAL = "SIGINT";

    public ImageSettings {
        Objects.requireNonNull(baseImage, "baseImage");
        Objects.requireNonNull(runAsUser, "runAsUser");
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        buildArgNames = List.copyOf(buildArgNames);
        exposedPorts = List.copyOf(exposedPorts);
        volumes = List.copyOf(volumes);
        secretIds = List.copyOf(secretIds);
        fileModes = List.copyOf(fileModes);
        invalidation = invalidation == null ? CacheInvalidation.none() : invalidation;
    }

    /** The declared mode and owner of a file of the entrypoint layer, if any. */
    public java.util.Optional<FileMode> fileMode(String path) {
        return fileModes.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** The owner a declared file gets: its own, else the user the container runs as. */
    public String ownerOf(FileMode file) {
        return file.owner() == null || file.owner().isBlank() ? runAsUser : file.owner();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port the health check probes: the first exposed one. */
    public String healthcheckPort() {
        String first = exposedPorts.isEmpty() ? DEFAULT_PORT : exposedPorts.get(0);
        int slash = first.indexOf('/');
        return slash < 0 ? first : first.substring(0, slash);
    }

    /** Fluent construction with the documented defaults. */
    public static final class Builder {
        private String baseImage = DEFAULT_BASE_IMAGE;
        private String runAsUser = DEFAULT_USER;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<String> buildArgNames = new ArrayList<>();
        private List<String> exposedPorts = List.of(DEFAULT_PORT);
        private List<String> volumes = List.of(DEFAULT_VOLUME);
        private String stopSignal = DEFAULT_STOP_SIGNAL;
        private boolean healthcheck = true;
        private boolean aptCache = true;
        private final List<String> secretIds = new ArrayList<>();
        private final List<FileMode> fileModes = new ArrayList<>();
        private CacheInvalidation invalidation = CacheInvalidation.none();

        public Builder baseImage(String value) { baseImage = value; return this; }
        public Builder runAsUser(String value) { runAsUser = value; return this; }
        public Builder env(Map<String, String> value) { env.putAll(value); return this; }
        public Builder labels(Map<String, String> value) { labels.putAll(value); return this; }
        public Builder buildArgNames(List<String> value) { buildArgNames.addAll(value); return this; }
        public Builder exposedPorts(List<String> value) { exposedPorts = List.copyOf(value); return this; }
        public Builder volumes(List<String> value) { volumes = List.copyOf(value); return this; }
        public Builder stopSignal(String value) { stopSignal = value; return this; }
        public Builder healthcheck(boolean value) { healthcheck = value; return this; }
        public Builder aptCache(boolean value) { aptCache = value; return this; }
        public Builder secretIds(List<String> value) { secretIds.addAll(value); return this; }
        public Builder fileModes(List<FileMode> value) { fileModes.addAll(value); return this; }
        public Builder invalidation(CacheInvalidation value) { invalidation = value; return this; }

        public ImageSettings build() {
            return new ImageSettings(baseImage, runAsUser, env, labels, buildArgNames, exposedPorts, volumes,
                    stopSignal, healthcheck, aptCache, secretIds, fileModes, invalidation);
        }
    }
}
