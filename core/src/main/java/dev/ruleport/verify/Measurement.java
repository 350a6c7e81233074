package dev.ruleport.verify;

import dev.ruleport.backend.Translation;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.kql.KqlReader;
import dev.ruleport.lower.LoweredRule;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.runtime.Event;
import dev.ruleport.sigma.SigmaReader;
import dev.ruleport.spl.SplReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A translation measured on fixture cases: each case's events are projected onto the target ({@link Projection}),
 * then the rule (the interpreter on the EQL) and the translation (the target's output read back by its reader into
 * the IR, run by the same interpreter) decide each case. An exact or equivalent translation must agree on every case;
 * a lossy broader one must match every case the rule matches (its positives), and may also match near misses.
 *
 * @param cases       cases measured
 * @param agreeing    cases on which rule and translation give the same matches
 * @param positives   cases the rule matches (on the events as written)
 * @param positivesMatched positive cases the translation matches too
 * @param nearMisses  cases the rule does not match
 * @param nearMissesMatched near misses the translation matches anyway
 * @param problem     why the translation could not be measured (its text not read back), or null
 */
public record Measurement(int cases, int agreeing, int positives, int positivesMatched, int nearMisses,
                          int nearMissesMatched, String problem) {

    /** Whether the translation matched none of the cases its rule matches (and there were some). */
    public boolean dead() { return problem == null && positives > 0 && positivesMatched == 0; }

    public boolean allAgree() { return problem == null && agreeing == cases; }

    public boolean missesPositives() { return problem == null && positivesMatched < positives; }

    /** {@code exact: 14/14 cases agree} or {@code lossy (broader): 5/5 positives match, 4/9 near misses also match}. */
    public String describe(Translation t) {
        if (problem != null) return t.status().label() + ": not measured (" + problem + ")";
        if (t.status() != Translation.Status.LOSSY) return t.status().label() + ": " + agreeing + "/" + cases + " cases agree";
        String direction = t.losses().stream().allMatch(f -> f.direction() == dev.ruleport.mapping.Fidelity.BROADER)
                ? "broader" : "any";
        return "lossy (" + direction + "): " + positivesMatched + "/" + positives + " positives match, " + nearMissesMatched
                + "/" + nearMisses + " near misses also match";
    }

    /** Measures {@code translation} of {@code rule} (lowered for its profile) on the cases. */
    public static Measurement of(CompiledRule rule, LoweredRule lowered, Translation translation, List<FixtureCase> cases) {
        Query back;
        try {
            back = readBack(translation, lowered.profile());
        } catch (RuntimeException e) {
            return new Measurement(0, 0, 0, 0, 0, 0, "the output is not read back: " + e.getMessage());
        }
        Projection projection = Projection.of(lowered, translation.target().equals("kql"));
        InterpreterOptions options = InterpreterOptions.defaults().withCategoryField(rule.rule().categoryField());
        Interpreter original = Interpreter.compile(rule.query(), rule.rule().querySource(), options);
        Membership tables = Membership.of(lowered, back, options);
        Interpreter translated = Interpreter.compile(tables == null ? back : tables.marked(), InterpreterOptions.defaults());
        // the SPL and KQL readers keep the target's texts of a rendered field (Initiated "true"), the Sigma reader reads
        // them back into their ECS values (egress)
        boolean readsTargetTexts = !translation.target().equals("sigma");
        int agreeing = 0, positives = 0, matched = 0, near = 0, nearMatched = 0;
        for (FixtureCase c : cases) {
            List<Map<String, Object>> projected = projection.project(c.events(), evs -> matches(original, toEvents(evs)));
            List<List<Integer>> want = matches(original, toEvents(projected));
            List<Map<String, Object>> rows = readsTargetTexts ? projection.rendered(projected) : projected;
            if (tables != null) rows = tables.mark(projected, rows);
            List<List<Integer>> got = matches(translated, toEvents(rows));
            if (want.equals(got)) agreeing++;
            // a positive is a case the rule matches on the target's record of it: a case that only matched through
            // a field the profile declares the target never records cannot happen there, for any translation
            if (!want.isEmpty()) {
                positives++;
                if (!got.isEmpty()) matched++;
            } else {
                near++;
                if (!got.isEmpty()) nearMatched++;
            }
        }
        return new Measurement(cases.size(), agreeing, positives, matched, near, nearMatched, null);
    }

    /**
     * Which stage's log source holds each event of a sequence. The read-back has no trace of the conjuncts a log
     * source absorbs (its table holds exactly those events), so one stage's read-back condition may hold on another
     * stage's event (a process start and a connection both name {@code perl}) where the target keeps them in two
     * tables. Each row gets a marker per stage whose absorbed conjuncts the (projected) event satisfies, and each
     * read-back term tests its marker.
     */
    private record Membership(List<Interpreter> domains, boolean any, Query marked) {
        private static final String MARK = "__ruleport_in_table_";
        private static final String ANY = MARK + "any";
        private static final dev.ruleport.diag.Span SPAN = dev.ruleport.diag.Span.synthetic("log source membership");

        /**
         * For a sequence, a marker per term; for a union of log sources (an event query no single one holds), one
         * marker for "in some branch's log source", since the read-back's branches are not told apart (an event in no
         * table is no row at all). Null for other rules, or when the read-back's terms do not line up with the rule's.
         */
        static Membership of(LoweredRule lowered, Query back, InterpreterOptions options) {
            if (lowered.isUnion() && back instanceof EventQuery e) {
                List<Interpreter> domains = new ArrayList<>();
                for (dev.ruleport.lower.LoweredFilter f : lowered.union()) domains.add(domain(f, options));
                Filter f = e.filter();
                return new Membership(domains, true, new EventQuery(new Filter(f.category(), new And(List.of(marker(ANY),
                        f.condition()), SPAN), f.span()), e.pipes(), e.span()));
            }
            if (lowered.sequence() == null || !(back instanceof SequenceQuery r)) return null;
            List<dev.ruleport.lower.LoweredTerm> terms = new ArrayList<>(lowered.sequence().terms());
            if (lowered.sequence().until() != null) terms.add(lowered.sequence().until());
            if (r.terms().size() + (r.until() == null ? 0 : 1) != terms.size()) return null;
            List<Interpreter> domains = new ArrayList<>();
            for (dev.ruleport.lower.LoweredTerm t : terms) domains.add(domain(t.filter(), options));
            List<SequenceTerm> marked = new ArrayList<>();
            for (int k = 0; k < r.terms().size(); k++) marked.add(mark(r.terms().get(k), k));
            SequenceTerm until = r.until() == null ? null : mark(r.until(), r.terms().size());
            return new Membership(domains, false, new SequenceQuery(r.keys(), r.maxspan(), marked, until, r.pipes(), r.span()));
        }

        /** The events a filter's log source holds: those satisfying the conjuncts it absorbs. */
        private static Interpreter domain(dev.ruleport.lower.LoweredFilter f, InterpreterOptions options) {
            List<Expr> absorbed = new ArrayList<>();
            for (dev.ruleport.lower.LoweredFilter.Absorbed a : f.absorbed()) absorbed.add(a.conjunct());
            Expr cond = absorbed.isEmpty() ? new Literal(Boolean.TRUE, SPAN)
                    : absorbed.size() == 1 ? absorbed.get(0) : new And(absorbed, SPAN);
            return Interpreter.compile(new EventQuery(new Filter(f.source().category(), cond, SPAN), List.of(), SPAN), options);
        }

        private static Expr marker(String name) {
            return new Compare(Compare.Op.EQ, new FieldRef(FieldPath.parse(name), false, SPAN), new Literal(Boolean.TRUE, SPAN), SPAN);
        }

        private static SequenceTerm mark(SequenceTerm t, int k) {
            Filter f = t.filter();
            return new SequenceTerm(new Filter(f.category(), new And(List.of(marker(MARK + k), f.condition()), SPAN), f.span()),
                    t.keys(), t.runs(), t.missing(), t.span());
        }

        /** The rows, each with the markers of the log sources its projected event belongs to. */
        List<Map<String, Object>> mark(List<Map<String, Object>> projected, List<Map<String, Object>> rows) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> row = new java.util.LinkedHashMap<>(rows.get(i));
                Event e = Event.of(projected.get(i));
                for (int k = 0; k < domains.size(); k++) {
                    if (domains.get(k).run(List.of(e)).isEmpty()) continue;
                    row.put(any ? ANY : MARK + k, Boolean.TRUE);
                }
                out.add(row);
            }
            return out;
        }
    }

    /** The target's text read back into the IR by the target's reader. */
    static Query readBack(Translation t, MappingProfile profile) {
        dev.ruleport.lower.ProfileReverse reverse = new dev.ruleport.lower.ProfileReverse(profile);
        return switch (t.target()) {
            case "kql" -> KqlReader.read(t.text(), reverse);
            case "spl" -> new SplReader(reverse).read(t.text());
            case "sigma" -> {
                List<SigmaReader.ReadRule> rules = new SigmaReader(reverse).read(t.text());
                if (rules.size() != 1) throw new IllegalArgumentException(rules.size() + " rules read back, not one");
                yield rules.get(0).query();
            }
            default -> throw new IllegalArgumentException("the " + t.target() + " output has no reader");
        };
    }

    private static List<Event> toEvents(List<Map<String, Object>> maps) {
        List<Event> out = new ArrayList<>();
        for (Map<String, Object> m : maps) out.add(Event.of(m));
        return out;
    }

    /** The matches as lists of event indexes, sorted, so two runs compare whatever their order. */
    private static List<List<Integer>> matches(Interpreter i, List<Event> events) {
        Map<Event, Integer> index = new IdentityHashMap<>();
        for (int k = 0; k < events.size(); k++) index.put(events.get(k), k);
        List<List<Integer>> out = new ArrayList<>();
        for (List<Event> m : i.run(events)) {
            List<Integer> ids = new ArrayList<>();
            for (Event e : m) ids.add(e == null ? null : index.get(e));
            out.add(ids);
        }
        out.sort((a, b) -> a.toString().compareTo(b.toString()));
        return out;
    }
}
