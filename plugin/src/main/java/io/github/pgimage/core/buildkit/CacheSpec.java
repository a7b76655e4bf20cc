package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.image.ImageReference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One BuildKit cache import or export, written the way {@code docker buildx build --cache-to/--cache-from} takes it:
 * {@code type=registry,ref=localhost:5000/acme/pg:cache,mode=max} or {@code type=local,dest=target/cache}. A value
 * without {@code =} is an image reference, which in {@code cacheFrom} keeps its old meaning (an image whose inline
 * cache, or a registry cache, is imported) and in {@code cacheTo} is a registry cache at that reference.
 *
 * <pre>{@code
 * CacheSpec.parseExport("type=registry,ref=localhost:5000/pg:cache,mode=max")  // registry cache of every stage
 * CacheSpec.parseImport("localhost:5000/pg:1")                                // type=registry,ref=localhost:5000/pg:1
 * }</pre>
 *
 * @param type  {@code registry}, {@code local} or {@code inline}
 * @param attrs BuildKit's attributes for that type ({@code ref}, {@code mode}, {@code dest}, {@code src}, …)
 */
public record CacheSpec(String type, Map<String, String> attrs) {
    public static final String REGISTRY = "registry";
    public static final String LOCAL = "local";
    public static final String INLINE = "inline";

    /** Attributes BuildKit's registry and local cache backends take besides their location; anything else is a typo. */
    private static final Set<String> COMMON = Set.of("mode", "oci-mediatypes", "image-manifest", "compression",
            "compression-level", "force-compression", "ignore-error");

    public CacheSpec {
        attrs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attrs));
    }

    /** A {@code cacheTo} value. */
    public static CacheSpec parseExport(String text) {
        return parse(text, Setting.CACHE_TO, true);
    }

    /** A {@code cacheFrom} value. */
    public static CacheSpec parseImport(String text) {
        return parse(text, Setting.CACHE_FROM, false);
    }

    /** Exports only: {@code mode=max} caches every stage's steps, {@code min} (BuildKit's default) only the image's. */
    public boolean allStages() {
        return "max".equals(attrs.get("mode"));
    }

    /** Where the cache goes or comes from, as a user would name it: the reference or the folder. */
    public String location() {
        return switch (type) {
            case REGISTRY -> attrs.get("ref");
            case LOCAL -> attrs.getOrDefault("dest", attrs.get("src"));
            default -> type;
        };
    }

    /** As buildx writes it back: {@code type=…,key=value,…}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("type=").append(type);
        attrs.forEach((key, value) -> text.append(',').append(key).append('=').append(value));
        return text.toString();
    }

    private static CacheSpec parse(String text, Setting setting, boolean export) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            throw invalid(setting, text, "an empty cache " + (export ? "export" : "import"), export);
        }
        if (!value.contains("=")) {
            // a plain reference: the meaning cacheFrom always had
            ImageReference.parse(value, setting);
            return new CacheSpec(REGISTRY, Map.of("ref", value));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : fields(value, setting, export)) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw invalid(setting, text, "'" + field + "' is not key=value", export);
            }
            String key = field.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
            String fieldValue = field.substring(eq + 1).strip();
            if (fields.put(key, fieldValue) != null) {
                throw invalid(setting, text, "'" + key + "' is given twice", export);
            }
        }
        String type = fields.remove("type");
        if (type == null) {
            throw invalid(setting, text, "no type= (registry, local" + (export ? " or inline" : "") + ")", export);
        }
        return switch (type) {
            case REGISTRY -> registry(fields, setting, text, export);
            case LOCAL -> local(fields, setting, text, export);
            case INLINE -> {
                if (!export) {
                    throw invalid(setting, text, "type=inline is an export (cacheTo or inlineCache); import an image"
                            + " with inline cache by its reference", false);
                }
                if (!fields.isEmpty()) {
                    throw invalid(setting, text, "type=inline takes no attributes, got " + fields.keySet(), true);
                }
                yield new CacheSpec(INLINE, Map.of());
            }
            default -> throw invalid(setting, text, "type=" + type + " is not a cache type the plugin serves (registry,"
                    + " local" + (export ? ", inline" : "") + ")", export);
        };
    }

    private static CacheSpec registry(Map<String, String> fields, Setting setting, String text, boolean export) {
        String ref = fields.get("ref");
        if (ref == null || ref.isEmpty()) {
            throw invalid(setting, text, "type=registry needs ref=<image reference>", export);
        }
        ImageReference.parse(ref, setting);
        checkKeys(fields, Set.of("ref"), setting, text, export);
        return new CacheSpec(REGISTRY, fields);
    }

    private static CacheSpec local(Map<String, String> fields, Setting setting, String text, boolean export) {
        String key = export ? "dest" : "src";
        String folder = fields.get(key);
        if (folder == null || folder.isEmpty()) {
            throw invalid(setting, text, "type=local needs " + key + "=<folder>", export);
        }
        // tag: the index.json entry written or read (latest by default); digest: an import of that manifest instead
        checkKeys(fields, export ? Set.of(key, "tag") : Set.of(key, "tag", "digest"), setting, text, export);
        String digest = fields.get("digest");
        if (digest != null && !digest.matches("sha256:[0-9a-f]{64}")) {
            throw invalid(setting, text, "digest=" + digest + " is not a sha256 digest", false);
        }
        return new CacheSpec(LOCAL, fields);
    }

    private static void checkKeys(Map<String, String> fields, Set<String> own, Setting setting, String text,
                                  boolean export) {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String key = field.getKey();
            if (!own.contains(key) && !COMMON.contains(key)) {
                throw invalid(setting, text, "unknown attribute '" + key + "' (known: " + String.join(", ",
                        own.stream().sorted().toList()) + ", " + String.join(", ", COMMON.stream().sorted().toList())
                        + ")", export);
            }
        }
        String mode = fields.get("mode");
        if (mode != null && !mode.equals("min") && !mode.equals("max")) {
            throw invalid(setting, text, "mode=" + mode + " is neither min nor max", export);
        }
        if (mode != null && !export) {
            throw invalid(setting, text, "mode= is for cacheTo; an import takes what the export wrote", false);
        }
        for (String flag : List.of("oci-mediatypes", "image-manifest", "force-compression", "ignore-error")) {
            String flagValue = fields.get(flag);
            if (flagValue != null && !flagValue.equals("true") && !flagValue.equals("false")) {
                throw invalid(setting, text, flag + "=" + flagValue + " is neither true nor false", export);
            }
        }
    }

    /** Comma-separated fields; a field in double quotes may contain commas (as buildx's CSV reading allows). */
    private static List<String> fields(String value, Setting setting, boolean export) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw invalid(setting, value, "a double quote is not closed", export);
        }
        fields.add(field.toString());
        return fields.stream().filter(f -> !f.isBlank()).toList();
    }

    private static InvalidSettingException invalid(Setting setting, String value, String problem, boolean export) {
        String example = export ? "type=registry,ref=localhost:5000/acme/pg:cache,mode=max or type=local,dest=target/cache"
                : "an image reference, type=registry,ref=localhost:5000/acme/pg:cache or type=local,src=target/cache";
        return new InvalidSettingException(setting, value, "'" + value + "' is not a cache "
                + (export ? "export" : "import") + ": " + problem + " (expected " + example + ")");
    }
}
