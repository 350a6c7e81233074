package dev.ruleport.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ECS events as flat maps of dotted field names, which the interpreter reads like nested ones. */
final class Events {
    private Events() {}

    /** A copy of an event with nested objects flattened to dotted keys ({@code process.name}); lists copied. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> flatten(Map<String, ?> event) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", event, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, ?> m, Map<String, Object> out) {
        for (Map.Entry<String, ?> e : m.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> sub && !sub.isEmpty()) {
                flatten(key + ".", (Map<String, ?>) sub, out);
            } else if (e.getValue() instanceof List<?> l) {
                out.put(key, new ArrayList<>(l));
            } else {
                out.put(key, e.getValue());
            }
        }
    }

    /** A value as a list of strings (a scalar is one), or null when absent or not text. */
    static List<String> strings(Object v) {
        if (v instanceof String s) return List.of(s);
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object x : l) if (x instanceof String s) out.add(s);
            return out.size() == l.size() ? out : null;
        }
        return null;
    }
}
