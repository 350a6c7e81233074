package dev.ruleport.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
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
