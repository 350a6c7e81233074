package dev.ruleport.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Sigma detection under construction: a boolean tree whose leaves are search identifiers ({@link Sel}: an OR of
 * maps, each map an AND of field items), simplified so related leaves share one identifier, then named
 * ({@code selection}, {@code selection_<field>}, {@code filter_<field>} for what sits under a {@code not}) and
 * rendered as a {@code detection} map with a {@code condition}.
 */
final class Detection {
    private Detection() {}

    /** One field item: {@code key} is {@code Field|modifier|...}; {@code values} OR'ed (one value: a scalar). */
    record Item(String key, List<Object> values) {
        Item {
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }

        static Item of(String key, Object value) {
            List<Object> v = new ArrayList<>();
            v.add(value);
            return new Item(key, v);
        }

        String field() {
            int bar = key.indexOf('|');
            return bar < 0 ? key : key.substring(0, bar);
        }

        Object yamlValue() { return values.size() == 1 ? values.get(0) : values; }

        boolean hasNull() { return values.contains(null); }
    }

    sealed interface Cond permits Sel, CAnd, COr, CNot {}

    /** A search identifier: OR of alternatives; each alternative an AND of items with distinct keys. */
    record Sel(List<List<Item>> alternatives) implements Cond {
        Sel { alternatives = List.copyOf(alternatives.stream().map(List::copyOf).toList()); }

        static Sel of(Item item) { return new Sel(List.of(List.of(item))); }
    }

    record CAnd(List<Cond> parts) implements Cond {}

    record COr(List<Cond> parts) implements Cond {}

    record CNot(Cond operand) implements Cond {}

    // ------------------------------------------------------------------ construction with simplification

    static Cond and(List<Cond> parts) {
        List<Cond> flat = new ArrayList<>();
        for (Cond c : parts) {
            if (c instanceof CAnd a) flat.addAll(a.parts());
            else flat.add(c);
        }
        List<Cond> out = new ArrayList<>();
        List<Item> merged = null;
        Set<String> keys = new LinkedHashSet<>();
        for (Cond c : flat) {
            if (c instanceof Sel s && s.alternatives().size() == 1 && disjoint(keys, s.alternatives().get(0))) {
                if (merged == null) {
                    merged = new ArrayList<>();
                    out.add(null); // placeholder: the merged map keeps the position of its first part
                }
                merged.addAll(s.alternatives().get(0));
                s.alternatives().get(0).forEach(i -> keys.add(i.key()));
            } else {
                out.add(c);
            }
        }
        if (merged != null) out.set(out.indexOf(null), new Sel(List.of(merged)));
        return out.size() == 1 ? out.get(0) : new CAnd(out);
    }

    private static boolean disjoint(Set<String> keys, List<Item> items) {
        for (Item i : items) if (keys.contains(i.key())) return false;
        return true;
    }

    static Cond or(List<Cond> parts) {
        List<Cond> flat = new ArrayList<>();
        for (Cond c : parts) {
            if (c instanceof COr o) flat.addAll(o.parts());
            else flat.add(c);
        }
        List<List<Item>> alternatives = new ArrayList<>();
        List<Cond> others = new ArrayList<>();
        int selAt = -1;
        for (Cond c : flat) {
            if (c instanceof Sel s) {
                if (selAt < 0) selAt = others.size();
                for (List<Item> alt : s.alternatives()) addAlternative(alternatives, alt);
            } else {
                others.add(c);
            }
        }
        if (selAt >= 0) others.add(selAt, new Sel(alternatives));
        return others.size() == 1 ? others.get(0) : new COr(others);
    }

    /** Adds an OR alternative, folding one-item alternatives on the same key into one value list. */
    private static void addAlternative(List<List<Item>> alternatives, List<Item> alt) {
        if (alt.size() == 1 && !alt.get(0).hasNull()) {
            Item item = alt.get(0);
            for (int k = 0; k < alternatives.size(); k++) {
                List<Item> prev = alternatives.get(k);
                if (prev.size() == 1 && prev.get(0).key().equals(item.key()) && !prev.get(0).hasNull()) {
                    List<Object> values = new ArrayList<>(prev.get(0).values());
                    for (Object v : item.values()) if (!values.contains(v)) values.add(v);
                    alternatives.set(k, List.of(new Item(item.key(), values)));
                    return;
                }
            }
        }
        alternatives.add(alt);
    }

    static Cond not(Cond c) {
        return c instanceof CNot n ? n.operand() : new CNot(c);
    }

    // ------------------------------------------------------------------ naming and rendering

    /** The {@code detection} map: named search identifiers in order, then {@code condition}. */
    static Map<String, Object> render(Cond root) {
        Renderer r = new Renderer();
        String condition = r.render(root, 0, "selection", true);
        Map<String, Object> detection = new LinkedHashMap<>(r.identifiers);
        detection.put("condition", condition);
        return detection;
    }

    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;

    /** A selection name's hint from its first field: its runs of [a-z0-9] (lower-cased) joined by '_', the last 40 characters. */
    static String hint(String fieldName) {
        String field = fieldName.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(field.length());
        boolean gap = false;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (gap && sb.length() > 0) sb.append('_');
                gap = false;
                sb.append(c);
            } else {
                gap = true;
            }
        }
        int from = 0;
        if (sb.length() > 40) {
            // the last 40 characters, without leading '_' (the text never ends with one)
            from = sb.length() - 40;
            while (sb.charAt(from) == '_') from++;
        }
        String h = sb.substring(from);
        return h.isEmpty() ? "field" : h;
    }

    private static final class Renderer {
        final Map<String, Object> identifiers = new LinkedHashMap<>();

        String render(Cond c, int context, String role, boolean topLevel) {
            if (c instanceof Sel s) return name(s, role, topLevel);
            if (c instanceof CNot n) {
                String inner = render(n.operand(), NOT, "filter", topLevel);
                return paren("not " + inner, NOT, context);
            }
            boolean and = c instanceof CAnd;
            List<Cond> parts = and ? ((CAnd) c).parts() : ((COr) c).parts();
            List<String> texts = new ArrayList<>();
            for (Cond p : parts) texts.add(render(p, and ? AND : OR, role, topLevel && and));
            return paren(String.join(and ? " and " : " or ", texts), and ? AND : OR, context);
        }

        private static String paren(String text, int own, int context) {
            return own < context ? "(" + text + ")" : text;
        }

        private String name(Sel s, String role, boolean topLevel) {
            String name;
            if (role.equals("selection") && topLevel && !identifiers.containsKey("selection")) {
                name = "selection";
            } else {
                String base = role + "_" + hint(s);
                name = base;
                for (int n = 2; identifiers.containsKey(name); n++) name = base + "_" + n;
            }
            identifiers.put(name, yaml(s));
            return name;
        }

        private static Object yaml(Sel s) {
            if (s.alternatives().size() == 1) return map(s.alternatives().get(0));
            List<Object> list = new ArrayList<>();
            for (List<Item> alt : s.alternatives()) list.add(map(alt));
            return list;
        }

        private static Map<String, Object> map(List<Item> items) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Item i : items) m.put(i.key(), i.yamlValue());
            return m;
        }

        private static String hint(Sel s) {
            return Detection.hint(s.alternatives().get(0).get(0).field());
        }
    }
}
