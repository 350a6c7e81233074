package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.backend.CompiledRule;
import dev.ruleport.backend.Translation;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Query;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.mapping.RuleFacts;
import dev.ruleport.mapping.Selection;
import dev.ruleport.runtime.Event;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EQL → SPL → {@link SplReader} → IR gives the original verdicts: on the same events, the interpreter over the
 * rule's IR and over the IR read back from the SPL returns the same matches (events for event queries,
 * event tuples for sequences). Events are generated per rule ({@link Witnesses}); under a profile that absorbs
 * conditions into its log source, every event is first made to belong to that log source (it satisfies the
 * absorbed conditions), since the SPL can only ever see such events.
 */
class SplRoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"splunk-ecs", "splunk-windows"})
    void translatedCorpusRulesKeepTheirVerdicts(String profileName) {
        MappingProfile profile = MappingProfile.load(profileName);
        SplReader reader = new SplReader(profile);
        List<CompiledRule> rules = SplCorpus.rules();
        List<Translation> ts = SplCorpus.translations(profileName, false);
        int compared = 0, agreed = 0, events = 0, matches = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            if (!ts.get(i).ok()) continue;
            CompiledRule r = rules.get(i);
            compared++;
            try {
                Query back = reader.read(ts.get(i).text());
                List<Event> evs = witnesses(r, profile, i);
                events += evs.size();
                InterpreterOptions opts = InterpreterOptions.defaults().withCategoryField(r.rule().categoryField());
                List<List<Event>> want = Interpreter.compile(r.query(), r.rule().querySource(), opts).run(evs);
                List<List<Event>> got = Interpreter.compile(back, opts).run(evs);
                matches += want.size();
                if (ids(want, evs).equals(ids(got, evs))) agreed++;
                else failures.add(ts.get(i).fileName() + ": want " + ids(want, evs) + " got " + ids(got, evs)
                        + "\n" + ts.get(i).text() + "\nread back: " + dev.ruleport.print.EqlPrinter.print(back));
            } catch (RuntimeException ex) {
                failures.add(ts.get(i).fileName() + ": " + ex + "\n" + ts.get(i).text());
            }
        }
        System.out.println("[spl round trip] " + profileName + ": " + agreed + "/" + compared + " rules agree on "
                + events + " events (" + matches + " matches)");
        assertTrue(compared > 0);
        assertTrue(matches > 0, "the witnesses never match: the comparison would be vacuous");
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), failures.size() + " disagreements");
    }

    private static List<String> ids(List<List<Event>> results, List<Event> evs) {
        Map<Event, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < evs.size(); i++) index.put(evs.get(i), i);
        List<String> out = new ArrayList<>();
        for (List<Event> m : results) {
            StringBuilder sb = new StringBuilder();
            for (Event e : m) sb.append(e == null ? "-" : index.get(e)).append(',');
            out.add(sb.toString());
        }
        return out;
    }

    static List<Event> witnesses(CompiledRule r, MappingProfile profile, long seed) {
        Set<String> multi = Set.of("event.category", "event.type", "process.args", "process.parent.args", "related.user",
                "host.ip", "registry.data.strings", "process.env_vars", "process.Ext.ancestry");
        Witnesses w = new Witnesses(seed, multi, r.rule().categoryField());
        Query q = r.query();
        List<Map<String, Object>> maps;
        List<Filter> filters = new ArrayList<>();
        if (q instanceof EventQuery e) {
            maps = w.forFilter(e.filter(), 4);
            filters.add(e.filter());
        } else {
            SequenceQuery s = (SequenceQuery) q;
            maps = w.forSequence(s);
            for (SequenceTerm t : s.terms()) filters.add(t.filter());
        }
        // every event belongs to the log source: satisfy the conditions it absorbs
        List<Expr> absorbed = new ArrayList<>();
        for (Filter f : filters) {
            Optional<Selection> sel = profile.select(RuleFacts.from(f, r.rule().index(), r.rule().categoryField()));
            if (sel.isEmpty()) continue;
            List<Expr> conj = f.condition() instanceof dev.ruleport.ir.And a ? a.operands() : List.of(f.condition());
            for (Expr c : conj) if (sel.get().absorbs(c).isPresent()) absorbed.add(c);
            if (!f.category().isAny() && sel.get().absorbsCategory(f.category()).isPresent()) {
                for (Map<String, Object> m : maps) m.put(r.rule().categoryField(), f.category().name());
            }
        }
        if (!absorbed.isEmpty()) {
            Filter all = new Filter(dev.ruleport.ir.Category.any(absorbed.get(0).span()),
                    absorbed.size() == 1 ? absorbed.get(0) : new dev.ruleport.ir.And(absorbed, absorbed.get(0).span()), absorbed.get(0).span());
            for (int i = 0; i < maps.size(); i++) {
                Map<String, Object> fix = w.forFilter(all, 1).get(0);
                Map<String, Object> m = new LinkedHashMap<>(maps.get(i));
                m.putAll(fix);
                maps.set(i, m);
            }
        }
        long t = 1_700_000_000_000L;
        for (Map<String, Object> m : maps) {
            t += 1000;
            m.putIfAbsent("@timestamp", java.time.Instant.ofEpochMilli(t).toString());
        }
        return Witnesses.events(maps);
    }
}
