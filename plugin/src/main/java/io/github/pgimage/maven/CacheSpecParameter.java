package io.github.pgimage.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.pgimage.core.buildkit.CacheSpec;

/**
 * {@code <cacheTo>} and {@code <cacheFrom>} as BuildKit cache specs. Maven splits a list parameter given as one string
 * ({@code -Dpostgres-image.cacheTo=type=registry,ref=…,mode=max}, or a pom value without child elements) on every
 * comma, which also cuts a spec into its fields; the fields are joined back here: a part that starts with
 * {@code type=} or has no {@code =} (an image reference) begins a spec, any other {@code key=value} continues it.
 */
final class CacheSpecParameter {

    private CacheSpecParameter() {
    }

    static List<CacheSpec> exports(List<String> values) {
        return regroup(values).stream().map(CacheSpec::parseExport).toList();
    }

    static List<CacheSpec> imports(List<String> values) {
        return regroup(values).stream().map(CacheSpec::parseImport).toList();
    }

    /** As {@link #exports(List)}, a local cache folder given relative to the project's folder, as Maven paths are. */
    static List<CacheSpec> exports(List<String> values, Path basedir) {
        return exports(values).stream().map(spec -> inProject(spec, "dest", basedir)).toList();
    }

    /** As {@link #imports(List)}, a local cache folder given relative to the project's folder, as Maven paths are. */
    static List<CacheSpec> imports(List<String> values, Path basedir) {
        return imports(values).stream().map(spec -> inProject(spec, "src", basedir)).toList();
    }

    private static CacheSpec inProject(CacheSpec spec, String key, Path basedir) {
        if (!spec.type().equals(CacheSpec.LOCAL) || basedir == null) {
            return spec;
        }
        Map<String, String> attrs = new LinkedHashMap<>(spec.attrs());
        attrs.put(key, basedir.resolve(attrs.get(key)).normalize().toString());
        return new CacheSpec(CacheSpec.LOCAL, attrs);
    }

    /** The specs as written, from the parts Maven split them into; blank parts (an empty property) are dropped. */
    static List<String> regroup(List<String> values) {
        List<String> specs = new ArrayList<>();
        if (values == null) {
            return specs;
        }
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            String part = value.strip();
            boolean starts = part.toLowerCase(Locale.ROOT).startsWith("type=") || !part.contains("=");
            if (starts || specs.isEmpty()) {
                specs.add(part);
            } else {
                specs.set(specs.size() - 1, specs.get(specs.size() - 1) + "," + part);
            }
        }
        return specs;
    }
}
