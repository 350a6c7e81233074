package dev.ruleport.sigma;

import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.runtime.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Probe events for an event query beyond the witness generator's positives and near misses: a base event built
 * from the query's own constants (wildcards instantiated, case flipped, numbers moved by one), each field varied
 * through its candidates or removed, and seeded random combinations (multi-valued fields get one or two values).
 * They carry no expectation: the round trip only compares the original's verdict with the read-back's. Events are
 * single-event cases named {@code probe N}; deterministic for a given seed.
 */
final class SigmaNeighbourhood {
    private SigmaNeighbourhood() {}

    private static final Set<String> MULTI = Set.of("process.args", "process.parent.args", "event.category", "event.type",
            "registry.data.strings", "host.ip", "related.user", "process.env_vars");

    static List<FixtureCase> cases(EventQuery q, String categoryField, long seed) {
        Map<String, List<Object>> candidates = new LinkedHashMap<>();
        if (!q.filter().category().isAny()) add(candidates, categoryField, q.filter().category().name());
        collect(q.filter().condition(), candidates);
        List<FixtureCase> out = new ArrayList<>();
        for (Map<String, Object> e : neighbourhood(candidates, new Random(seed))) {
            out.add(new FixtureCase("probe " + out.size(), FixtureCase.Expect.NO_MATCH, List.of(SigmaDataModel.nest(e)), null,
                    "neighbourhood probe: only the two verdicts are compared", true));
        }
        return out;
    }

    private static void add(Map<String, List<Object>> c, String field, Object value) {
        List<Object> l = c.computeIfAbsent(field, k -> new ArrayList<>());
        if (!l.contains(value) && l.size() < 24) l.add(value);
    }

    private static void collect(Expr e, Map<String, List<Object>> c) {
        if (e instanceof And a) a.operands().forEach(x -> collect(x, c));
        else if (e instanceof Or o) o.operands().forEach(x -> collect(x, c));
        else if (e instanceof Not n) collect(n.operand(), c);
        else if (e instanceof Match m && m.subject() instanceof FieldRef f) {
            for (Literal p : m.patterns()) {
                String s = String.valueOf(p.value());
                if (m.kind() == Match.Kind.REGEX) { add(c, f.name(), "abc"); continue; }
                for (String inst : List.of(s.replace("*", "").replace("?", "x"), s.replace("*", "ZZ").replace("?", "\\"))) {
                    add(c, f.name(), inst);
                    add(c, f.name(), inst.toUpperCase(Locale.ROOT));
                }
            }
        } else if (e instanceof Compare cmp && cmp.left() instanceof FieldRef f && cmp.right() instanceof Literal l) {
            literal(c, f.name(), l.value());
        } else if (e instanceof In in && in.subject() instanceof FieldRef f) {
            for (Expr v : in.values()) if (v instanceof Literal l) literal(c, f.name(), l.value());
        } else if (e instanceof Call call && !call.args().isEmpty() && call.args().get(0) instanceof FieldRef f) {
            for (Expr a : call.args().subList(1, call.args().size())) {
                if (!(a instanceof Literal l) || !l.isString()) continue;
                String s = l.asString();
                switch (call.function()) {
                    case CIDRMATCH -> {
                        Cidr block = Cidr.parse(s);
                        add(c, f.name(), block.network().toString());
                        add(c, f.name(), "8.8.8.8");
                        add(c, f.name(), "2001:db8::1");
                    }
                    case STARTSWITH -> { add(c, f.name(), s + "tail"); add(c, f.name(), s.toUpperCase(Locale.ROOT) + "x"); }
                    case ENDSWITH -> { add(c, f.name(), "head" + s); add(c, f.name(), "x" + s.toUpperCase(Locale.ROOT)); }
                    default -> { add(c, f.name(), "a" + s + "b"); add(c, f.name(), "a" + s.toUpperCase(Locale.ROOT)); }
                }
            }
        }
    }

    private static void literal(Map<String, List<Object>> c, String field, Object v) {
        if (v == null) return;
        if (v instanceof String s) {
            add(c, field, s);
            add(c, field, s.toUpperCase(Locale.ROOT));
            add(c, field, s + "x");
        } else if (v instanceof Integer i) {
            add(c, field, i);
            add(c, field, i + 1);
            add(c, field, String.valueOf(i));
        } else if (v instanceof Boolean b) {
            add(c, field, b);
            add(c, field, !b);
        } else {
            add(c, field, v);
        }
    }

    private static List<Map<String, Object>> neighbourhood(Map<String, List<Object>> candidates, Random random) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> base = new LinkedHashMap<>();
        candidates.forEach((f, vs) -> base.put(f, value(f, vs.get(0), vs, random)));
        out.add(base);
        for (Map.Entry<String, List<Object>> e : candidates.entrySet()) {
            Map<String, Object> missing = new LinkedHashMap<>(base);
            missing.remove(e.getKey());
            out.add(missing);
            for (Object v : e.getValue()) {
                Map<String, Object> variant = new LinkedHashMap<>(base);
                variant.put(e.getKey(), value(e.getKey(), v, e.getValue(), random));
                out.add(variant);
            }
        }
        for (int i = 0; i < 40; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            candidates.forEach((f, vs) -> {
                if (random.nextInt(5) > 0) r.put(f, value(f, vs.get(random.nextInt(vs.size())), vs, random));
            });
            out.add(r);
        }
        return out;
    }

    private static Object value(String field, Object v, List<Object> all, Random random) {
        if (!MULTI.contains(field) || all.size() < 2) return v;
        Object other = all.get(random.nextInt(all.size()));
        return random.nextBoolean() ? List.of(v, other) : List.of(v);
    }
}
