package dev.ruleport.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Field types from an Elasticsearch mapping ({@code {"properties": {...}}}, optionally wrapped in
 * {@code "mappings"}): the type of each leaf field, alias targets, {@code null_value} substitutes and
 * date formats. {@link #NONE} means "no mapping": types are inferred from the JSON values and every
 * field name is accepted.
 */
public final class FieldTypes {
    public static final FieldTypes NONE = new FieldTypes(Map.of(), false);

    /** One mapped field. {@code aliasPath} is set for {@code alias} fields; {@code nullValue} may be null. */
    public record Mapped(FieldType type, String aliasPath, Object nullValue, String dateFormat) {}

    private final Map<String, Mapped> fields;
    private final boolean present;

    private FieldTypes(Map<String, Mapped> fields, boolean present) {
        this.fields = Map.copyOf(fields);
        this.present = present;
    }

    public static FieldTypes load(Path mappingFile) throws IOException {
        return parse(new ObjectMapper().readTree(mappingFile.toFile()));
    }

    public static FieldTypes parse(JsonNode root) {
        JsonNode props = root.has("mappings") ? root.get("mappings").get("properties") : root.get("properties");
        Map<String, Mapped> out = new LinkedHashMap<>();
        if (props != null) collect("", props, out);
        return new FieldTypes(out, true);
    }

    private static void collect(String prefix, JsonNode props, Map<String, Mapped> out) {
        Iterator<Map.Entry<String, JsonNode>> it = props.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode def = e.getValue();
            String type = def.hasNonNull("type") ? def.get("type").asText() : null;
            if (def.has("properties")) {
                collect(name, def.get("properties"), out);
                if (type == null) continue;
            }
            if ("alias".equals(type)) {
                out.put(name, new Mapped(FieldType.KEYWORD, def.path("path").asText(), null, null));
                continue;
            }
            Object nullValue = null;
            JsonNode nv = def.get("null_value");
            if (nv != null && !nv.isNull()) nullValue = nv.isNumber() ? nv.numberValue() : nv.isBoolean() ? nv.asBoolean() : nv.asText();
            String format = def.hasNonNull("format") ? def.get("format").asText() : null;
            out.put(name, new Mapped(FieldType.fromMapping(type), null, nullValue, format));
            if (def.has("fields")) {
                // multi-fields such as name.keyword
                Iterator<Map.Entry<String, JsonNode>> sub = def.get("fields").fields();
                while (sub.hasNext()) {
                    Map.Entry<String, JsonNode> s = sub.next();
                    out.put(name + "." + s.getKey(), new Mapped(FieldType.fromMapping(s.getValue().path("type").asText(null)),
                            null, null, null));
                }
            }
        }
    }

    /**
     * Types for some fields without a full mapping: the listed fields are typed, every other field is
     * accepted and typed from its JSON values.
     */
    public static FieldTypes partial(Map<String, FieldType> types) {
        Map<String, Mapped> out = new LinkedHashMap<>();
        types.forEach((k, v) -> out.put(k, new Mapped(v, null, null, null)));
        return new FieldTypes(out, false);
    }

    /**
     * Adds every field that occurs in {@code events} but not in the mapping, untyped: Elasticsearch
     * maps such fields dynamically when it indexes the documents, so they are known to queries.
     */
    public FieldTypes withDynamicFields(Iterable<dev.ruleport.runtime.Event> events) {
        if (!present) return this;
        Map<String, Mapped> out = new LinkedHashMap<>(fields);
        for (dev.ruleport.runtime.Event e : events) addPaths("", e.source(), out);
        return new FieldTypes(out, true);
    }

    @SuppressWarnings("unchecked")
    private static void addPaths(String prefix, Map<String, ?> m, Map<String, Mapped> out) {
        for (Map.Entry<String, ?> e : m.entrySet()) {
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Object v = e.getValue();
            if (v instanceof java.util.List<?> l && !l.isEmpty() && l.get(0) instanceof Map) v = l.get(0);
            if (v instanceof Map<?, ?> child) {
                addPaths(name, (Map<String, ?>) child, out);
            } else if (!out.containsKey(name)) {
                out.put(name, new Mapped(FieldType.UNKNOWN, null, null, null));
            }
        }
    }

    /**
     * Rewrites, in place, the values of date fields that have a custom {@code format} into epoch
     * millis, as Elasticsearch stores them. Needed when events of indices with different formats for
     * the same field are queried together; returns {@code events}.
     */
    public List<dev.ruleport.runtime.Event> normalizeDates(List<dev.ruleport.runtime.Event> events) {
        boolean any = fields.values().stream().anyMatch(m -> m.type() == FieldType.DATE && m.dateFormat() != null);
        if (!any) return events;
        for (dev.ruleport.runtime.Event e : events) normalize("", castMutable(e.source()));
        return events;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMutable(Map<String, ?> m) { return (Map<String, Object>) m; }

    private void normalize(String prefix, Map<String, Object> m) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> child) {
                normalize(name, castMutable(castMap(child)));
                continue;
            }
            Mapped mapped = fields.get(name);
            if (mapped == null || mapped.type() != FieldType.DATE || mapped.dateFormat() == null || v == null) continue;
            if (v instanceof List<?> list) {
                List<Object> converted = new java.util.ArrayList<>();
                for (Object o : list) converted.add(o == null ? null : Timestamps.dateToMillis(o, mapped.dateFormat()));
                e.setValue(converted);
            } else {
                e.setValue(Timestamps.dateToMillis(v, mapped.dateFormat()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> m) { return (Map<String, ?>) m; }

    /**
     * These types with {@code field}, the events' timestamp field, read as a {@code date} (in
     * Elasticsearch's default format: ISO-8601 or epoch milliseconds) when no mapping types it.
     *
     * <p>Decision (issue #19): EQL orders events by this field, ECS defines {@code @timestamp} as a
     * {@code date}, and Elasticsearch compares a date field with a literal as dates: a string literal is
     * parsed with the field's format, a number is epoch milliseconds (the default format
     * {@code strict_date_optional_time||epoch_millis} accepts its digits), because "queries on dates are
     * internally converted to range queries on [the] long representation" (the date field type's
     * documentation). So without a mapping {@code @timestamp == 1516116808349} and
     * {@code @timestamp < "2017-08-30T20:47:32Z"} compare instants whether the events write the time as
     * ISO-8601 text or as a number (conformance {@code filterOnDateExactWithMillis} expects event 97). A
     * mapping that types the field, or any mapping at all ({@link #isPresent()}), is left as it is.
     */
    public FieldTypes withTimestampField(String field) {
        if (present || field == null || lookup(field).isPresent()) return this;
        Map<String, Mapped> out = new LinkedHashMap<>(fields);
        out.put(field, new Mapped(FieldType.DATE, null, null, null));
        return new FieldTypes(out, false);
    }

    /** True when a mapping was given (then unknown non-optional fields are errors). */
    public boolean isPresent() { return present; }

    /** The mapped field, following one alias hop; empty when the mapping does not know the field. */
    public Optional<Mapped> lookup(String field) {
        Mapped m = fields.get(field);
        if (m != null && m.aliasPath() != null) {
            Mapped target = fields.get(m.aliasPath());
            return Optional.of(target != null ? new Mapped(target.type(), m.aliasPath(), target.nullValue(), target.dateFormat())
                    : new Mapped(FieldType.UNKNOWN, m.aliasPath(), null, null));
        }
        if (m == null && present) {
            // a parent object of mapped fields is known too (e.g. `process` when `process.name` is mapped)
            String prefix = field + ".";
            for (String k : fields.keySet()) {
                if (k.startsWith(prefix)) return Optional.of(new Mapped(FieldType.OBJECT, null, null, null));
            }
        }
        return Optional.ofNullable(m);
    }

    /** The path to read for {@code field}: the alias target, or the field itself. */
    public String resolvePath(String field) {
        Mapped m = fields.get(field);
        return m != null && m.aliasPath() != null ? m.aliasPath() : field;
    }

    /** Combines mappings of several indices (later ones win on conflicts). */
    public static FieldTypes merge(Iterable<FieldTypes> all) {
        Map<String, Mapped> out = new LinkedHashMap<>();
        boolean any = false;
        for (FieldTypes t : all) {
            out.putAll(t.fields);
            any |= t.present;
        }
        return new FieldTypes(out, any);
    }
}
