package dev.ruleport.kql;

import dev.ruleport.ir.And;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Function;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.runtime.Cidr;
import dev.ruleport.runtime.EqlRegex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Self-built test events, in addition to the fixture generator's witnesses and near misses ({@code
 * dev.ruleport.fixtures.WitnessGenerator}), for what the generator does not vary: for every leaf, values that
 * satisfy it and variants (other case even for case-insensitive tests, an extra character, a path prefix, a
 * neighbouring number), events that take the first candidate of every field and vary one field at a time (each
 * candidate, and missing), random mixtures, multi-valued fields with a non-matching element first, and random
 * sequence timelines (interleaved stages, two join-key values, a missing key, ties, maxspan gaps).
 */
final class Witnesses {
    private Witnesses() {}

    /** Candidate values per field, in the order the leaves appear. */
    static Map<String, List<Object>> candidates(Expr e) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        walk(e, out);
        return out;
    }

    private static void add(Map<String, List<Object>> out, String field, Object v) {
        List<Object> l = out.computeIfAbsent(field, k -> new ArrayList<>());
        if (v != null && !l.contains(v) && l.size() < 12) l.add(v);
    }

    private static void strings(Map<String, List<Object>> out, String field, String v) {
        add(out, field, v);
        add(out, field, v.toUpperCase(Locale.ROOT));
        add(out, field, v + "x");
        if (v.length() > 1) add(out, field, v.substring(1));
    }

    private static void walk(Expr e, Map<String, List<Object>> out) {
        if (e instanceof And a) a.operands().forEach(x -> walk(x, out));
        else if (e instanceof Or o) o.operands().forEach(x -> walk(x, out));
        else if (e instanceof Not n) walk(n.operand(), out);
        else if (e instanceof Compare c && c.left() instanceof FieldRef f && c.right() instanceof Literal l) literal(out, f.name(), l.value());
        else if (e instanceof Compare c && c.right() instanceof FieldRef f && c.left() instanceof Literal l) literal(out, f.name(), l.value());
        else if (e instanceof In in && in.subject() instanceof FieldRef f) {
            for (Expr v : in.values()) if (v instanceof Literal l) literal(out, f.name(), l.value());
        } else if (e instanceof Match m && m.subject() instanceof FieldRef f) {
            for (Literal p : m.patterns()) {
                String text = String.valueOf(p.value());
                if (m.kind() == Match.Kind.REGEX) {
                    String s = sampleRegex(text);
                    if (s != null) {
                        try {
                            if (EqlRegex.compile(text, m.caseInsensitive()).matches(s)) strings(out, f.name(), s);
                        } catch (IllegalArgumentException ignored) {
                            // not compilable: nothing to add
                        }
                    }
                } else {
                    strings(out, f.name(), text.replace("*", "").replace("?", "q"));
                    strings(out, f.name(), "C:\\zz\\" + text.replace("*", "ab").replace("?", "Q"));
                }
            }
        } else if (e instanceof Call c && !c.args().isEmpty() && c.args().get(0) instanceof FieldRef f) {
            for (int i = 1; i < c.args().size(); i++) {
                if (!(c.args().get(i) instanceof Literal l) || !(l.value() instanceof String s)) continue;
                if (c.function() == Function.CIDRMATCH) {
                    try {
                        add(out, f.name(), Cidr.parse(s).network().toString());
                    } catch (RuntimeException ignored) {
                        // skip
                    }
                    add(out, f.name(), "8.8.4.4");
                } else if (c.function() == Function.STARTSWITH) strings(out, f.name(), s + "tail");
                else if (c.function() == Function.ENDSWITH) strings(out, f.name(), "head" + s);
                else strings(out, f.name(), "h" + s + "t");
            }
        }
    }

    private static void literal(Map<String, List<Object>> out, String field, Object v) {
        if (v instanceof String s) {
            strings(out, field, s);
        } else if (v instanceof Integer i) {
            add(out, field, i);
            add(out, field, i + 1);
            add(out, field, i - 1);
        } else if (v instanceof Long l) {
            add(out, field, l);
            add(out, field, l + 1);
        } else if (v instanceof Boolean b) {
            add(out, field, b);
            add(out, field, !b);
        } else if (v instanceof Double d) {
            add(out, field, d);
            add(out, field, d + 1);
        }
    }

    /** A string a simple Lucene regex matches: literals kept, one repetition, first alternative, first class member. */
    static String sampleRegex(String re) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int depth = 0;
        while (i < re.length()) {
            char c = re.charAt(i);
            if (c == '\\' && i + 1 < re.length()) {
                char n = re.charAt(i + 1);
                sb.append(n == 'd' ? '7' : n == 's' ? ' ' : n == 'w' ? 'w' : n);
                i += 2;
            } else if (c == '[') {
                int end = re.indexOf(']', i + 2);
                if (end < 0) return null;
                String cls = re.substring(i + 1, end);
                if (cls.startsWith("^")) sb.append('#');
                else sb.append(cls.charAt(0) == '\\' ? cls.charAt(1) : cls.charAt(0));
                i = end + 1;
            } else if (c == '.') {
                sb.append('a');
                i++;
            } else if (c == '*' || c == '?' || c == '+') {
                i++;
            } else if (c == '{') {
                int end = re.indexOf('}', i);
                if (end < 0) return null;
                String spec = re.substring(i + 1, end);
                int n;
                try {
                    n = Integer.parseInt(spec.split(",")[0]);
                } catch (NumberFormatException ex) {
                    return null;
                }
                if (sb.length() > 0) {
                    char last = sb.charAt(sb.length() - 1);
                    sb.setLength(sb.length() - 1);
                    sb.append(String.valueOf(last).repeat(Math.max(n, 0)));
                }
                i = end + 1;
            } else if (c == '|') {
                // skip the other alternatives of this group
                int d = 0;
                while (i < re.length()) {
                    char x = re.charAt(i);
                    if (x == '\\') i++;
                    else if (x == '(') d++;
                    else if (x == ')') {
                        if (d == 0) break;
                        d--;
                    }
                    i++;
                }
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                depth--;
                i++;
            } else if (c == '"' || c == '~' || c == '&' || c == '@' || c == '#' || c == '<') {
                return null;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    /**
     * Events for one filter: the base event (first candidate of every field), then one field changed at a time to
     * each other candidate or removed. {@code multi} names the fields written as arrays; {@code extra} is added to
     * every event (category, timestamp).
     */
    static List<Map<String, Object>> events(Filter filter, String categoryField, Set<String> multi, Random random) {
        Map<String, List<Object>> cands = candidates(filter.condition());
        Map<String, Object> base = new LinkedHashMap<>();
        cands.forEach((f, l) -> {
            if (!l.isEmpty()) base.put(f, l.get(0));
        });
        if (!filter.category().isAny()) base.put(categoryField, filter.category().name());
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(shape(base, multi));
        for (Map.Entry<String, List<Object>> e : cands.entrySet()) {
            for (Object v : e.getValue()) {
                Map<String, Object> m = new LinkedHashMap<>(base);
                m.put(e.getKey(), v);
                out.add(shape(m, multi));
            }
            Map<String, Object> missing = new LinkedHashMap<>(base);
            missing.remove(e.getKey());
            out.add(shape(missing, multi));
        }
        // a few random mixtures
        List<String> fields = new ArrayList<>(cands.keySet());
        for (int r = 0; r < 10 && !fields.isEmpty(); r++) {
            Map<String, Object> m = new LinkedHashMap<>(base);
            for (String f : fields) {
                List<Object> l = cands.get(f);
                int pick = random.nextInt(l.size() + 1);
                if (pick == l.size()) m.remove(f);
                else m.put(f, l.get(pick));
            }
            out.add(shape(m, multi));
        }
        return out;
    }

    private static Map<String, Object> shape(Map<String, Object> m, Set<String> multi) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, multi.contains(k) ? List.of("zz-other", v) : v));
        return out;
    }

    /**
     * A random timeline for a sequence: events drawn from each term's pool ({@code pools}: the stages, then the
     * until term), leaning on stage order so that sequences complete, join keys {@code K1} or {@code K2} (sometimes
     * missing), timestamps that sometimes tie and sometimes jump past maxspan, and {@code ruleport_id} = position.
     */
    static List<Map<String, Object>> timeline(SequenceQuery q, List<List<Map<String, Object>>> pools, Random random) {
        return timeline(q, pools, random, new ArrayList<>());
    }

    /** As {@link #timeline(SequenceQuery, List, Random)}, recording for each event the term (index) it was built for. */
    static List<Map<String, Object>> timeline(SequenceQuery q, List<List<Map<String, Object>>> pools, Random random,
                                              List<Integer> termOfEvent) {
        List<SequenceTerm> terms = new ArrayList<>(q.stages());
        if (q.until() != null) terms.add(q.until());
        long span = q.maxspan() == null ? 60_000 : q.maxspan().millis();
        List<Map<String, Object>> out = new ArrayList<>();
        long ts = 1_700_000_000_000L;
        int length = 3 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int ti = random.nextInt(3) > 0 ? Math.min(i % terms.size(), terms.size() - 1) : random.nextInt(terms.size());
            List<Map<String, Object>> pool = pools.get(ti);
            Map<String, Object> m = new LinkedHashMap<>(random.nextInt(3) > 0 ? pool.get(0) : pool.get(random.nextInt(pool.size())));
            String key = random.nextInt(4) == 0 ? "K2" : "K1";
            boolean nullKey = random.nextInt(12) == 0;
            for (Expr k : q.joinKeys(terms.get(ti))) {
                if (k instanceof FieldRef f) {
                    if (nullKey) m.remove(f.name());
                    else m.put(f.name(), key);
                }
            }
            ts += random.nextInt(6) == 0 ? span + 1 : random.nextInt(4) == 0 ? 0 : random.nextInt((int) Math.max(1, span / 3));
            m.put("@timestamp", Instant.ofEpochMilli(ts).toString());
            m.put("ruleport_id", i);
            out.add(m);
            termOfEvent.add(ti);
        }
        return out;
    }

    static Set<String> multiValued(Map<String, String> columnTypes) {
        Set<String> out = new LinkedHashSet<>();
        columnTypes.forEach((k, v) -> {
            if ("dynamic".equals(v)) out.add(k);
        });
        return out;
    }
}
