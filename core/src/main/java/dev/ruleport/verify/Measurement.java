package dev.ruleport.verify;

import dev.ruleport.backend.Translation;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.Query;
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
        Interpreter translated = Interpreter.compile(back, InterpreterOptions.defaults());
        // the SPL and KQL readers keep the target's texts of a rendered field (Initiated "true"), the Sigma reader reads
        // them back into their ECS values (egress)
        boolean readsTargetTexts = !translation.target().equals("sigma");
        int agreeing = 0, positives = 0, matched = 0, near = 0, nearMatched = 0;
        for (FixtureCase c : cases) {
            List<Map<String, Object>> projected = projection.project(c.events(), evs -> matches(original, toEvents(evs)));
            List<List<Integer>> want = matches(original, toEvents(projected));
            List<List<Integer>> got = matches(translated, toEvents(readsTargetTexts ? projection.rendered(projected) : projected));
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
