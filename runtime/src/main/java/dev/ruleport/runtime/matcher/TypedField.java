package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.EventFields;
import dev.ruleport.runtime.FieldAccessor;
import dev.ruleport.runtime.Ip;
import dev.ruleport.runtime.Values;
import dev.ruleport.runtime.VersionValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A field read under a mapping: the values Elasticsearch would have indexed for it. Values are
 * converted to the mapped type ({@link #typed}); a missing field is {@code [null]}, or
 * {@code [null_value]} when the mapping has a {@code null_value} and the event holds an explicit
 * JSON null.
 *
 * <p>The one definition of typed field reading: the interpreter and generated matchers both read
 * fields through here. Immutable and thread-safe.
 */
public final class TypedField {
    private final FieldAccessor accessor;
    private final ValueType type;
    private final Object nullValue;
    private final String dateFormat;

    private TypedField(FieldAccessor accessor, ValueType type, Object nullValue, String dateFormat) {
        this.accessor = Objects.requireNonNull(accessor, "accessor");
        this.type = Objects.requireNonNull(type, "type");
        this.nullValue = nullValue;
        this.dateFormat = dateFormat;
    }

    /** A typed field; {@code nullValue} and {@code dateFormat} may be null. */
    public static TypedField of(FieldAccessor accessor, ValueType type, Object nullValue, String dateFormat) {
        return new TypedField(accessor, type, nullValue, dateFormat);
    }

    public FieldAccessor accessor() {
        return accessor;
    }

    public ValueType type() {
        return type;
    }

    /** The field's candidate values in {@code event}; never empty ({@code [null]} when missing). */
    public List<Object> values(Event event) {
        return typedValues(accessor.values(event), event);
    }

    /** As {@link #values(Event)}, the raw values read through the event's field cache. */
    public List<Object> values(EventFields event) {
        return typedValues(accessor.values(event), event.event());
    }

    private List<Object> typedValues(List<Object> raw, Event event) {
        if (raw.isEmpty()) {
            if (nullValue != null && explicitNull(event.source(), accessor.path())) {
                return Collections.singletonList(nullValue);
            }
            return Eval.NULL;
        }
        if (type == ValueType.UNKNOWN || type == ValueType.OBJECT) {
            return raw;
        }
        List<Object> out = new ArrayList<>(raw.size());
        for (Object v : raw) {
            out.add(typed(v, type, dateFormat));
        }
        return out;
    }

    /** Converts a JSON value to the mapped type, as Elasticsearch would have indexed it. */
    public static Object typed(Object v, ValueType type, String dateFormat) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case KEYWORD -> v instanceof String ? v : v instanceof Map || v instanceof List ? v : Eval.asText(v);
            case LONG, DOUBLE -> v instanceof Number ? v : Values.parseNumber(v.toString());
            case BOOLEAN -> v instanceof Boolean ? v : "true".equals(v.toString()) ? Boolean.TRUE
                    : "false".equals(v.toString()) ? Boolean.FALSE : null;
            case IP -> v instanceof String s ? orSelf(Ip.tryParse(s), v) : v;
            case VERSION -> v instanceof String s ? VersionValue.of(s) : v;
            case DATE -> EventTime.dateToMillis(v, dateFormat);
            default -> v;
        };
    }

    private static Object orSelf(Object converted, Object original) {
        return converted != null ? converted : original;
    }

    /** True when the path exists in the document with an explicit JSON null (for {@code null_value}). */
    @SuppressWarnings("unchecked")
    static boolean explicitNull(Map<String, ?> source, String path) {
        if (source.containsKey(path)) {
            return source.get(path) == null;
        }
        int dot = path.indexOf('.');
        while (dot > 0) {
            Object child = source.get(path.substring(0, dot));
            if (child instanceof Map<?, ?> m && explicitNull((Map<String, ?>) m, path.substring(dot + 1))) {
                return true;
            }
            dot = path.indexOf('.', dot + 1);
        }
        return false;
    }

    @Override
    public String toString() {
        return accessor.path() + ":" + type;
    }
}
