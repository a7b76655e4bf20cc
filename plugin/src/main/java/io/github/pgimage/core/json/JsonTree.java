package io.github.pgimage.core.json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads a JSON document into plain Java values with jackson-core's streaming parser only: an object is a
 * {@link Map} (in the document's order), an array a {@link List}, then {@link String}, {@link Number},
 * {@link Boolean}, and null. The build's path reads small documents (the engine's answers, the last report, a
 * Docker context); jackson-databind's mapper would load about 500 classes into a fresh Maven JVM for them, the
 * parser about 40.
 */
public final class JsonTree {

    /** One factory for the JVM, safe to share. */
    static final JsonFactory FACTORY = factory();

    private JsonTree() {
    }

    /** The document's value; null for an empty input or a JSON null. */
    public static Object parse(String json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return document(parser);
        }
    }

    public static Object parse(byte[] json) throws IOException {
        return parse(FACTORY, json);
    }

    static Object parse(JsonFactory factory, byte[] json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            return document(parser);
        }
    }

    /**
     * Keys are not interned: a report's keys are the context's paths, and Jackson's table of interned keys (hashed
     * with a seed of each JVM's) refused about one JVM in seven once thousands of similar paths collided in it.
     */
    static JsonFactory factory() {
        return JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();
    }

    public static Object parse(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    private static Object document(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return null;
        }
        Object value = value(parser, token);
        if (parser.nextToken() != null) {
            throw new IOException("Unexpected content after the JSON value at " + parser.currentLocation());
        }
        return value;
    }

    /** The value that starts at {@code token}, read to its end: a stream of values is read one at a time. */
    public static Object value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                String name;
                while ((name = parser.nextFieldName()) != null) {
                    object.put(name, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(value(parser, next));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("Unexpected JSON token " + token + " at " + parser.currentLocation());
        }
    }

    /** {@code value} as an object; an empty one when it is anything else (absent, null, an array...). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** {@code value} as an array; an empty one when it is anything else. */
    @SuppressWarnings("unchecked")
    public static List<Object> array(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    /** A scalar as text (a string as is, a number or boolean as written); null for null, absent, an object or an array. */
    public static String text(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean ? value.toString() : null;
    }

    /** A number (or a number written as text) as a long; {@code fallback} for anything else. */
    public static long longValue(Object value, long fallback) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** The field of an object as text, or null. */
    public static String text(Object object, String field) {
        return text(object(object).get(field));
    }

    /** An object of strings (labels, a report's hashes): scalar values as text, the others left out. */
    public static Map<String, String> strings(Object value) {
        Map<String, String> strings = new LinkedHashMap<>();
        object(value).forEach((key, v) -> {
            String text = text(v);
            if (text != null) {
                strings.put(key, text);
            }
        });
        return strings;
    }

    /** Compact JSON of plain values (maps, lists, strings, numbers, booleans, null), the way {@link #parse} reads them. */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException("writing into a string cannot fail", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                json.writeFieldName(String.valueOf(e.getKey()));
                write(json, e.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                write(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            json.writeNumber(number.toString());
        } else {
            throw new IllegalArgumentException("not a plain JSON value: " + value.getClass().getName());
        }
    }
}
