package dev.ruleport.spl;

import dev.ruleport.ir.And;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Function;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.runtime.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Test events for round trips until the shared witness generator lands: for each rule, events built to satisfy
 * the condition (one per OR branch choice), then each positive event mutated field by field (removed, case
 * flipped, replaced, value added to a multi-valued field). The events only need to exercise both readings of
 * the query; which of them match is decided by the interpreter on each side.
 */
final class Witnesses {
    private final Random random;
    private final Set<String> multi;
    private final String categoryField;

    Witnesses(long seed, Set<String> multiValued, String categoryField) {
        this.random = new Random(seed);
        this.multi = multiValued;
        this.categoryField = categoryField;
    }

    List<Map<String, Object>> forFilter(Filter f, int variants) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            Map<String, Object> e = new LinkedHashMap<>();
            if (!f.category().isAny()) put(e, categoryField, f.category().name());
            satisfy(f.condition(), e, v);
            out.add(e);
        }
        List<Map<String, Object>> mutated = new ArrayList<>();
        for (Map<String, Object> e : out) {
            for (String k : new ArrayList<>(e.keySet())) {
                Map<String, Object> m1 = new LinkedHashMap<>(e);
                m1.remove(k);
                mutated.add(m1);
                Map<String, Object> m2 = new LinkedHashMap<>(e);
                m2.put(k, flipCase(e.get(k)));
                mutated.add(m2);
                Map<String, Object> m3 = new LinkedHashMap<>(e);
                m3.put(k, "zz_other");
                mutated.add(m3);
            }
        }
        out.addAll(mutated);
        return out;
    }

    /** Events for a sequence: per stage a witness, all with one key, one second apart; plus shuffles and key changes. */
    List<Map<String, Object>> forSequence(SequenceQuery q) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<SequenceTerm> stages = q.stages();
        long t = 1_700_000_000_000L;
        for (int round = 0; round < 3; round++) {
            String key = "k" + (round % 2);
            for (int j = 0; j < stages.size(); j++) {
                SequenceTerm st = stages.get(j);
                Map<String, Object> e = forFilter(st.filter(), 1).get(0);
                for (Expr k : q.joinKeys(st)) if (k instanceof FieldRef f) put(e, f.name(), key);
                long step = round == 2 ? (q.maxspan() == null ? 1000 : q.maxspan().millis() + 1) : 1000;
                t += step;
                e.put("@timestamp", java.time.Instant.ofEpochMilli(t).toString());
                out.add(e);
                if (round == 1 && j == 0) { // a second candidate replaces the first
                    Map<String, Object> again = new LinkedHashMap<>(e);
                    t += 500;
                    again.put("@timestamp", java.time.Instant.ofEpochMilli(t).toString());
                    out.add(again);
                }
            }
        }
        return out;
    }

    static List<Event> events(List<Map<String, Object>> maps) {
        List<Event> out = new ArrayList<>();
        for (Map<String, Object> m : maps) out.add(Event.of(m));
        return out;
    }

    private Object flipCase(Object v) {
        if (v instanceof String s) {
            String u = s.toUpperCase(java.util.Locale.ROOT);
            return u.equals(s) ? s.toLowerCase(java.util.Locale.ROOT) : u;
        }
        if (v instanceof List<?> l && !l.isEmpty()) {
            List<Object> c = new ArrayList<>(l);
            c.set(0, flipCase(c.get(0)));
            return c;
        }
        return v;
    }

    private void put(Map<String, Object> e, String field, Object value) {
        if (multi.contains(field)) {
            List<Object> vs = new ArrayList<>();
            vs.add("zz_first");
            vs.add(value);
            e.put(field, vs);
        } else {
            e.put(field, value);
        }
    }

    private void satisfy(Expr x, Map<String, Object> e, int choice) {
        if (x instanceof And a) { for (Expr o : a.operands()) satisfy(o, e, choice); return; }
        if (x instanceof Or o) { satisfy(o.operands().get(Math.floorMod(choice, o.operands().size())), e, choice / 2 + 1); return; }
        if (x instanceof Not n) { falsify(n.operand(), e); return; }
        if (x instanceof Compare c && c.left() instanceof FieldRef f && c.right() instanceof Literal l) {
            if (l.isNull()) { if (c.op() == Compare.Op.NE) put(e, f.name(), "present"); else e.remove(f.name()); return; }
            Object v = l.value();
            switch (c.op()) {
                case EQ -> put(e, f.name(), v);
                case NE -> put(e, f.name(), v instanceof Number ? 987654 : "zz_ne");
                case GT, GE -> put(e, f.name(), v instanceof Number n ? n.longValue() + 1 : v);
                case LT, LE -> put(e, f.name(), v instanceof Number n ? n.longValue() - 1 : v);
            }
            return;
        }
        if (x instanceof Match m && m.subject() instanceof FieldRef f) {
            Literal p = m.patterns().get(Math.floorMod(choice, m.patterns().size()));
            String s = String.valueOf(p.value());
            if (m.kind() == Match.Kind.REGEX) s = s.replaceAll("[\\\\\\[\\]().*+?{}|^$]", "");
            else s = s.replace("*", random.nextBoolean() ? "" : "Ab").replace("?", "x");
            if (m.caseInsensitive() && random.nextBoolean()) s = s.toUpperCase(java.util.Locale.ROOT);
            put(e, f.name(), s);
            return;
        }
        if (x instanceof In in && in.subject() instanceof FieldRef f) {
            Expr v = in.values().get(Math.floorMod(choice, in.values().size()));
            if (v instanceof Literal l) put(e, f.name(), l.value());
            return;
        }
        if (x instanceof Call c && !c.args().isEmpty() && c.args().get(0) instanceof FieldRef f) {
            if (c.args().size() > 1 && c.args().get(1) instanceof Literal l && l.isString()) {
                String s = l.asString();
                String v = c.function() == Function.STARTSWITH ? s + "tail" : c.function() == Function.ENDSWITH ? "head" + s
                        : c.function() == Function.STRINGCONTAINS ? "a" + s + "b" : c.function() == Function.CIDRMATCH ? firstIp(s) : s;
                put(e, f.name(), v);
            }
        }
    }

    private static String firstIp(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }

    private void falsify(Expr x, Map<String, Object> e) {
        if (x instanceof And a) { falsify(a.operands().get(0), e); return; }
        if (x instanceof Or o) { for (Expr y : o.operands()) falsify(y, e); return; }
        if (x instanceof Not n) { satisfy(n.operand(), e, 0); return; }
        for (String f : fields(x)) {
            if (random.nextBoolean()) e.remove(f); else put(e, f, "zz_no_match");
        }
    }

    private static List<String> fields(Expr x) {
        List<String> out = new ArrayList<>();
        if (x instanceof Compare c && c.left() instanceof FieldRef f) out.add(f.name());
        if (x instanceof Match m && m.subject() instanceof FieldRef f) out.add(f.name());
        if (x instanceof In in && in.subject() instanceof FieldRef f) out.add(f.name());
        if (x instanceof Call c) for (Expr a : c.args()) if (a instanceof FieldRef f) out.add(f.name());
        return out;
    }

    static Query query(Query q) { return q; }

    static boolean isEvent(Query q) { return q instanceof EventQuery; }
}
