package dev.ruleport.kql;

import dev.ruleport.backend.CompiledRule;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.mapping.FieldMapping;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.mapping.RuleFacts;
import dev.ruleport.mapping.Selection;
import dev.ruleport.mapping.ValueTransform;
import dev.ruleport.runtime.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * EQL → KQL → {@link KqlReader} → IR, then both IRs under the interpreter on the same events. Events are shaped
 * for the target's data model: fields a profile derives from a column (a basename, an extension) are made
 * consistent with the column's untransformed field, and only events the selected table can hold (those
 * satisfying the conjuncts the table absorbs) are compared.
 */
final class RoundTrip {
    private RoundTrip() {}

    /** Verdicts compared and how many of them were positive (the rule matched). */
    record Outcome(int compared, int positives, List<String> disagreements) {}

    static Outcome check(CompiledRule rule, String kql, MappingProfile profile, long seed) {
        Query read = KqlReader.read(kql, profile);
        Random random = new Random(seed);
        InterpreterOptions opts = InterpreterOptions.defaults().withCategoryField(rule.rule().categoryField());
        Interpreter original = Interpreter.compile(rule.query(), rule.rule().querySource(), opts);
        Interpreter back = Interpreter.compile(read, InterpreterOptions.defaults());
        if (rule.query() instanceof EventQuery q) {
            Context ctx = context(q.filter(), rule, profile);
            int compared = 0;
            int positives = 0;
            List<String> bad = new ArrayList<>();
            for (Map<String, Object> m : Witnesses.events(q.filter(), rule.rule().categoryField(), ctx.multi, random)) {
                Event e = Event.of(ctx.normalize(m));
                if (!ctx.domain.matches(e)) continue;
                boolean a = original.matches(e);
                boolean b = back.matches(e);
                compared++;
                if (a) positives++;
                if (a != b && bad.size() < 5) bad.add("original " + a + ", read back " + b + " on " + e.source());
            }
            return new Outcome(compared, positives, bad);
        }
        SequenceQuery q = (SequenceQuery) rule.query();
        List<SequenceTerm> terms = new ArrayList<>(q.stages());
        if (q.until() != null) terms.add(q.until());
        List<List<Map<String, Object>>> pools = new ArrayList<>();
        List<Context> contexts = new ArrayList<>();
        for (SequenceTerm t : terms) {
            Context ctx = context(t.filter(), rule, profile);
            contexts.add(ctx);
            pools.add(Witnesses.events(t.filter(), rule.rule().categoryField(), ctx.multi, random));
        }
        long span = q.maxspan() == null ? 60_000 : q.maxspan().millis();
        int compared = 0;
        int positives = 0;
        List<String> bad = new ArrayList<>();
        for (int run = 0; run < 30; run++) {
            List<Event> timeline = new ArrayList<>();
            long ts = 1_700_000_000_000L;
            int length = 4 + random.nextInt(10);
            for (int i = 0; i < length; i++) {
                int ti = random.nextInt(terms.size());
                // lean on the stage order so that sequences complete
                if (random.nextInt(3) > 0) ti = Math.min(i % (terms.size()), terms.size() - 1);
                List<Map<String, Object>> pool = pools.get(ti);
                Map<String, Object> m = new LinkedHashMap<>(random.nextInt(3) > 0 ? pool.get(0) : pool.get(random.nextInt(pool.size())));
                String key = random.nextInt(4) == 0 ? "K2" : "K1";
                for (Expr k : q.joinKeys(terms.get(ti))) {
                    if (k instanceof FieldRef f) m.put(f.name(), random.nextInt(10) == 0 ? null : key);
                }
                m.values().removeIf(v -> v == null);
                ts += random.nextInt(5) == 0 ? span + 1 : random.nextInt((int) Math.max(1, span / 3));
                m.put("@timestamp", Instant.ofEpochMilli(ts).toString());
                m.put("ruleport_id", i);
                Map<String, Object> shaped = contexts.get(ti).normalize(m);
                timeline.add(Event.of(shaped));
            }
            List<List<Object>> a = ids(original.run(timeline));
            List<List<Object>> b = ids(back.run(timeline));
            compared++;
            if (!a.isEmpty()) positives++;
            if (!a.equals(b) && bad.size() < 5) bad.add("original " + a + ", read back " + b);
        }
        return new Outcome(compared, positives, bad);
    }

    private static List<List<Object>> ids(List<List<Event>> matches) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Event> m : matches) {
            List<Object> ids = new ArrayList<>();
            for (Event e : m) ids.add(e == null ? null : e.source().get("ruleport_id"));
            out.add(ids);
        }
        return out;
    }

    /** How events of one filter's log source look: multi-valued fields, derived fields, and the domain test. */
    private record Context(Set<String> multi, Map<String, String[]> derived, Interpreter domain) {
        Map<String, Object> normalize(Map<String, Object> in) {
            Map<String, Object> m = new LinkedHashMap<>(in);
            derived.forEach((field, spec) -> {
                Object src = m.get(spec[0]);
                m.remove(field);
                if (src instanceof String s) {
                    String v = spec[1].equals("extension") ? extension(s) : s.substring(s.lastIndexOf(spec[1]) + 1);
                    if (v != null) m.put(field, v);
                }
            });
            return m;
        }

        private static String extension(String s) {
            int dot = s.lastIndexOf('.');
            return dot < 0 ? null : s.substring(dot + 1);
        }
    }

    private static Context context(Filter filter, CompiledRule rule, MappingProfile profile) {
        RuleFacts facts = RuleFacts.from(filter, rule.rule().index(), rule.rule().categoryField());
        Selection sel = profile.select(facts).orElseThrow();
        Set<String> multi = new LinkedHashSet<>();
        for (Map.Entry<String, String> c : sel.logsource().columns().entrySet()) {
            if ("dynamic".equals(c.getValue()) && !profile.name().equals("kql-ecs")) continue;
            if ("dynamic".equals(c.getValue())) multi.add(c.getKey());
        }
        Map<String, String[]> derived = new LinkedHashMap<>();
        Map<String, FieldMapping> explicit = sel.logsource().explicitMappings();
        for (Map.Entry<String, FieldMapping> e : explicit.entrySet()) {
            FieldMapping m = e.getValue();
            if (m.transform() == ValueTransform.NONE) continue;
            for (Map.Entry<String, FieldMapping> g : explicit.entrySet()) {
                if (g.getValue().transform() == ValueTransform.NONE && g.getValue().target().equals(m.target())
                        && g.getValue().fidelity().isExact()) {
                    String how = m.transform() == ValueTransform.EXTENSION ? "extension" : m.transform().separator();
                    derived.put(e.getKey(), new String[] {g.getKey(), how});
                    break;
                }
            }
        }
        List<Expr> absorbed = new ArrayList<>();
        List<Expr> all = filter.condition() instanceof And a ? a.operands() : List.of(filter.condition());
        for (Expr c : all) if (sel.absorbs(c).isPresent()) absorbed.add(c);
        Optional<?> cat = sel.absorbsCategory(filter.category());
        Category category = cat.isPresent() ? filter.category() : Category.any(filter.span());
        Expr cond = absorbed.isEmpty() ? new Literal(Boolean.TRUE, filter.span())
                : absorbed.size() == 1 ? absorbed.get(0) : new And(absorbed, filter.span());
        Interpreter domain = Interpreter.compile(new EventQuery(new Filter(category, cond, filter.span()), List.of(), filter.span()),
                rule.rule().querySource(), InterpreterOptions.defaults().withCategoryField(rule.rule().categoryField()));
        return new Context(multi, derived, domain);
    }
}
