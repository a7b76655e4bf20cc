package io.github.pgimage.core.engine;

/** What {@code GET /version} says, e.g. {@code 20.10.24+dfsg1} and {@code 1.41}. */
public record EngineVersion(String version, String apiVersion) {
}
