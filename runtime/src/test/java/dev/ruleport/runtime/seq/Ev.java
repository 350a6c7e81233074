package dev.ruleport.runtime.seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A tiny test event: id, timestamp, and fields (a List value is multi-valued). */
record Ev(int id, long ts, Map<String, Object> fields) {

    /** {@code ev(3, 10, "event_type", "process", "tags", List.of("a", "b"))}. */
    static Ev ev(int id, long ts, Object... kv) {
        Map<String, Object> f = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            f.put((String) kv[i], kv[i + 1]);
        }
        return new Ev(id, ts, f);
    }

    Object get(String field) {
        return fields.get(field);
    }

    /** All values of a field (empty when missing; a scalar null gives a list holding null). */
    List<Object> values(String field) {
        if (!fields.containsKey(field)) {
            return List.of();
        }
        Object v = fields.get(field);
        if (v instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        return Arrays.asList(v);
    }

    Ordinal ordinal() {
        return Ordinal.of(ts, (long) id);
    }

    static Predicate<Ev> type(String type) {
        return e -> type.equals(e.get("event_type"));
    }

    static Predicate<Ev> is(String field, Object value) {
        return e -> e.values(field).contains(value);
    }

    /** Join keys by field names; a leading {@code ?} marks an optional key (null allowed). */
    static KeyExtractor<Ev> by(String... fields) {
        if (fields.length == 0) {
            return KeyExtractor.none();
        }
        boolean[] optional = new boolean[fields.length];
        String[] names = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            optional[i] = fields[i].startsWith("?");
            names[i] = optional[i] ? fields[i].substring(1) : fields[i];
        }
        return e -> {
            List<List<Object>> values = new ArrayList<>(names.length);
            for (String n : names) {
                values.add(e.values(n));
            }
            return JoinKeys.fanOut(values, optional);
        };
    }

    @Override
    public String toString() {
        return "#" + id;
    }
}
