package io.github.pgimage.core.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The labels every container and volume started for one build carries, and which of them a sweep selects. The
 * module's label names the project and the folder it lives in, so two checkouts of the same project (or two projects)
 * never remove each other's containers, while a later run of the same checkout finds the leftovers of a crashed one.
 * A second label names the execution that started them, so that two {@code start} executions of one module (two
 * databases) each clear and stop only their own.
 *
 * @param value     {@code groupId:artifactId@<first 16 hex digits of the SHA-256 of the real basedir path>}
 * @param execution the id of the execution that starts (or started) the objects, or null for all of the module's
 */
public record BuildLabel(String value, String execution) {
    public static final String KEY = "io.github.pgimage.build";
    /** Carries {@code <module label>#<execution id>}: one label the engine's filter can select by. */
    public static final String EXECUTION_KEY = "io.github.pgimage.execution";

    public BuildLabel {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a build label needs a value");
        }
        if (execution != null && execution.isBlank()) {
            throw new IllegalArgumentException("an execution id cannot be blank");
        }
    }

    /** Everything of a module, whichever execution started it. */
    public BuildLabel(String value) {
        this(value, null);
    }

    public static BuildLabel of(String groupId, String artifactId, Path basedir) {
        return new BuildLabel(groupId + ":" + artifactId + "@" + pathHash(basedir));
    }

    /** What one execution of the module starts, and the leftovers of its earlier runs. */
    public BuildLabel forExecution(String executionId) {
        return new BuildLabel(value, executionId);
    }

    /** The module's label, whichever execution this one names. */
    public BuildLabel module() {
        return execution == null ? this : new BuildLabel(value);
    }

    /** The label key a sweep selects by: the execution's when one is named, else the module's. */
    public String filterKey() {
        return execution == null ? KEY : EXECUTION_KEY;
    }

    public String filterValue() {
        return execution == null ? value : value + "#" + execution;
    }

    /** The label as the engine's {@code label} filter wants it. */
    public String filter() {
        return filterKey() + "=" + filterValue();
    }

    /** The labels a created object carries: the module's, and the execution's when one is named. */
    public Map<String, String> asMap() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KEY, value);
        if (execution != null) {
            labels.put(EXECUTION_KEY, filterValue());
        }
        return labels;
    }

    /** The real path, so that a symlinked or relative spelling of the same folder gives the same label. */
    private static String pathHash(Path basedir) {
        String path;
        try {
            path = basedir.toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve the project folder " + basedir, e);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return filter();
    }
}
