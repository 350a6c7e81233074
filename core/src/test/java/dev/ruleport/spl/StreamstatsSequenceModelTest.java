package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.compile.CompiledRule;
import dev.ruleport.backend.TranslateOptions;
import dev.ruleport.backend.Translation;
import dev.ruleport.compile.Frontend;
import dev.ruleport.fixtures.FixtureFile;
import dev.ruleport.testsupport.Shared;
import dev.ruleport.diag.Span;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.WitnessReport;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.mapping.MappingProfile;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.ir.TimeSpan;
import dev.ruleport.runtime.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sequence pipeline the writer emits ({@code sort 0 _time | mvexpand rp_stage | streamstats count |
 * (eval; streamstats current=f last(...) by keys time_window=...; eval)*}), executed step by step on random
 * event streams, gives exactly the matches of Elasticsearch's sequence semantics as the interpreter implements
 * them: same last events, same first-event times. Streams have timestamp ties, events matching several stages,
 * missing keys and gaps beyond maxspan.
 */
class StreamstatsSequenceModelTest {
    private static final Span S = Span.synthetic("model test");

    @Test
    void emittedPipelineEqualsSequenceSemantics() {
        Random random = new Random(20260101);
        int streams = 0, matches = 0;
        for (int round = 0; round < 600; round++) {
            int n = 2 + random.nextInt(3);
            long maxspan = 1000L * (1 + random.nextInt(6));
            List<Map<String, Object>> maps = new ArrayList<>();
            long t = 1_700_000_000_000L;
            int count = 5 + random.nextInt(25);
            for (int i = 0; i < count; i++) {
                t += 1000L * random.nextInt(3) + (random.nextInt(4) == 0 ? 500 : 0);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("@timestamp", java.time.Instant.ofEpochMilli(t).toString());
                int key = random.nextInt(5);
                if (key < 4) m.put("k", key < 2 ? "a" : "b");
                for (int j = 1; j <= n; j++) if (random.nextInt(3) == 0) m.put("s" + j, true);
                maps.add(m);
            }
            List<Event> events = new ArrayList<>();
            for (Map<String, Object> m : maps) events.add(Event.of(m));
            List<SequenceTerm> terms = new ArrayList<>();
            for (int j = 1; j <= n; j++) {
                Expr cond = new Compare(Compare.Op.EQ, new FieldRef(FieldPath.parse("s" + j), false, S), new Literal(Boolean.TRUE, S), S);
                terms.add(new SequenceTerm(new Filter(Category.any(S), cond, S), List.of(), 1, false, S));
            }
            SequenceQuery q = new SequenceQuery(List.of(new FieldRef(FieldPath.parse("k"), false, S)),
                    new TimeSpan(maxspan, TimeSpan.Unit.MS, S), terms, null, List.of(), S);
            List<List<Event>> want = Interpreter.compile(q, InterpreterOptions.defaults()).run(events);
            Map<Event, Integer> index = new IdentityHashMap<>();
            for (int i = 0; i < events.size(); i++) index.put(events.get(i), i);
            List<String> expected = new ArrayList<>();
            for (List<Event> m : want) {
                expected.add(millis(maps.get(index.get(m.get(0)))) + "->" + index.get(m.get(m.size() - 1)));
            }
            List<ModelEvent> model = new ArrayList<>();
            for (Map<String, Object> m : maps) {
                boolean[] in = new boolean[n];
                List<List<String>> keys = new ArrayList<>();
                for (int j = 1; j <= n; j++) {
                    in[j - 1] = m.containsKey("s" + j);
                    keys.add(m.get("k") == null ? List.of() : List.of((String) m.get("k")));
                }
                model.add(new ModelEvent(millis(m), in, keys));
            }
            List<String> actual = pipeline(model, maxspan);
            Collections.sort(expected);
            Collections.sort(actual);
            assertEquals(expected, actual, "round " + round + " n=" + n + " maxspan=" + maxspan + " events " + maps);
            streams++;
            matches += expected.size();
        }
        assertTrue(matches > 200, "too few matches to mean anything: " + matches);
        System.out.println("[spl sequence model] " + streams + " random streams, " + matches + " matches, all equal");
    }

    /**
     * The same model fed with the project's fixtures: for every corpus sequence the SPL profiles translate exactly,
     * each generated case (witnesses, near misses and perturbations of the witnesses, put in the log source), and for
     * the example sequences in {@code rules/} their hand-written cases too. The stage each event takes is computed
     * from the stage conditions the SPL evaluates (as {@link SplReader} reads them), the keys from the join key
     * fields: the pipeline gives the matches the rule gives.
     */
    @Test
    void emittedPipelineEqualsTheRuleOnSequenceFixtures() throws java.io.IOException {
        List<java.nio.file.Path> exampleFiles = Frontend.ruleFiles(List.of(Shared.repoRoot().resolve("rules")));
        SplBackend backend = new SplBackend();
        StringBuilder summary = new StringBuilder();
        int totalMatches = 0;
        List<String> failures = new ArrayList<>();
        for (String profileName : List.of("splunk-ecs", "splunk-windows")) {
            MappingProfile profile = MappingProfile.load(profileName);
            List<CompiledRule> rules = SplCorpus.rules();
            List<Translation> ts = SplCorpus.translations(profileName, false);
            int[] counts = new int[3]; // rules, cases, matches
            for (int i = 0; i < rules.size(); i++) {
                CompiledRule r = rules.get(i);
                if (!ts.get(i).ok() || !(r.query() instanceof SequenceQuery)) continue;
                WitnessReport report = SplFixtures.report(i);
                List<FixtureCase> all = new ArrayList<>(report.cases());
                all.addAll(SplFixtures.perturbations(report.cases()));
                check(ts.get(i).fileName(), r, ts.get(i).text(), profile, all, counts, failures);
            }
            int[] examples = new int[3];
            for (java.nio.file.Path f : exampleFiles) {
                Frontend.Outcome o = Frontend.compile(f);
                if (o.status() != Frontend.Status.OK || !(o.query() instanceof SequenceQuery)) continue;
                CompiledRule r = new CompiledRule(o.rule(), o.query());
                Translation t = backend.translate(r, TranslateOptions.of(profile));
                if (!t.ok()) continue;
                List<FixtureCase> all = new ArrayList<>(FixtureFile.read(FixtureFile.forRule(f)));
                all.addAll(SplFixtures.report(r).cases());
                all.addAll(SplFixtures.perturbations(all));
                check(t.fileName(), r, t.text(), profile, all, examples, failures);
            }
            totalMatches += counts[2] + examples[2];
            summary.append(String.format("%n  %-15s corpus: %d sequence rules, %d cases, %d matches; examples: %d sequence rules, %d cases, %d matches",
                    profileName, counts[0], counts[1], counts[2], examples[0], examples[1], examples[2]));
        }
        System.out.println("[spl sequence model] fixtures:" + summary);
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), failures.size() + " cases differ");
        assertTrue(totalMatches > 100, "too few matches to mean anything: " + totalMatches);
    }

    /** Runs each case through the rule and through the pipeline model; counts into {rules, cases, matches}. */
    private static void check(String label, CompiledRule r, String spl, MappingProfile profile, List<FixtureCase> cases,
                              int[] counts, List<String> failures) {
        counts[0]++;
        SequenceQuery back = (SequenceQuery) new SplReader(new dev.ruleport.lower.ProfileReverse(profile)).read(spl);
        List<SequenceTerm> stages = back.stages();
        Map<SequenceTerm, Interpreter> filters = new IdentityHashMap<>();
        for (SequenceTerm t : stages) {
            filters.computeIfAbsent(t, x -> Interpreter.compile(new EventQuery(x.filter(), List.of(), x.span()), InterpreterOptions.defaults()));
        }
        Interpreter rule = Interpreter.compile(r.query(), InterpreterOptions.defaults().withCategoryField(r.rule().categoryField()));
        SplFixtures.Projected projected = SplFixtures.project(r, profile, cases);
        for (int ci = 0; ci < projected.ecs().size(); ci++) {
            FixtureCase c = projected.ecs().get(ci);
            List<Event> events = new ArrayList<>();
            List<ModelEvent> model = new ArrayList<>();
            // the rule runs on the events, the pipeline on the rows the target stores for them
            for (int ei = 0; ei < c.events().size(); ei++) {
                Map<String, Object> m = projected.target().get(ci).events().get(ei);
                events.add(Event.of(c.events().get(ei)));
                Event e = Event.of(m);
                boolean[] in = new boolean[stages.size()];
                List<List<String>> keys = new ArrayList<>();
                Map<SequenceTerm, Boolean> inTerm = new IdentityHashMap<>();
                Map<SequenceTerm, List<String>> keyOfTerm = new IdentityHashMap<>();
                for (int j = 0; j < stages.size(); j++) {
                    SequenceTerm t = stages.get(j);
                    in[j] = inTerm.computeIfAbsent(t, x -> filters.get(x).matches(e));
                    keys.add(keyOfTerm.computeIfAbsent(t, x -> key(m, back.joinKeys(x))));
                }
                model.add(new ModelEvent(millis(m), in, keys));
            }
            Map<Event, Integer> index = new IdentityHashMap<>();
            for (int k = 0; k < events.size(); k++) index.put(events.get(k), k);
            List<String> expected = new ArrayList<>();
            for (List<Event> m : rule.run(events)) {
                expected.add(millis(c.events().get(index.get(m.get(0)))) + "->" + index.get(m.get(m.size() - 1)));
            }
            List<String> actual = pipeline(model, back.maxspan().millis());
            Collections.sort(expected);
            Collections.sort(actual);
            counts[1]++;
            counts[2] += expected.size();
            if (!expected.equals(actual)) {
                failures.add(profile.name() + " " + label + " case \"" + c.name() + "\": rule " + expected + ", pipeline " + actual + "\n  " + c.events());
            }
        }
    }

    /**
     * The joined keys of an event for a stage ({@code rp_k1 rp_k2 ...}): one per combination of the distinct values
     * of multi-valued key fields ({@code mvdedup} then {@code mvexpand}); none when a key field is null, so
     * {@code where isnotnull} drops the row.
     */
    private static List<String> key(Map<String, Object> event, List<Expr> keys) {
        List<String> out = new ArrayList<>(List.of(""));
        for (Expr k : keys) {
            Object v = SplFixtures.lookup(event, ((FieldRef) k).name());
            List<Object> values = new ArrayList<>();
            if (v instanceof List<?> l) {
                for (Object x : l) if (x != null && !values.contains(x)) values.add(x);
            } else if (v != null) {
                values.add(v);
            }
            List<String> next = new ArrayList<>();
            for (String prefix : out) for (Object x : values) next.add(prefix + x + '\u0000');
            out = next;
        }
        return out;
    }

    private static long millis(Map<String, ?> m) {
        return java.time.Instant.parse((String) SplFixtures.lookup(m, "@timestamp")).toEpochMilli();
    }

    /**
     * One event as the pipeline sees it: its {@code _time}, the stages its {@code rp_stage} eval names, and per stage
     * the joined key ({@code rp_k1 rp_k2 ...}; null when a key field is null, so {@code where isnotnull} drops it).
     */
    record ModelEvent(long time, boolean[] stages, List<List<String>> keyPerStage) {}

    /** A row after mvexpand: its event, stage, key and the fields the evals add. */
    private static final class Row {
        final int event;
        final int stage;
        final String key;
        final long time;
        long row;
        Long[] s, t, r; // rp_sj, rp_tj, rp_rj by stage j

        Row(int event, int stage, String key, long time) {
            this.event = event;
            this.stage = stage;
            this.key = key;
            this.time = time;
        }
    }

    /** The emitted SPL, command by command: the matches as "first event time->last event index". */
    static List<String> pipeline(List<ModelEvent> events, long maxspanMs) {
        int n = events.isEmpty() ? 0 : events.get(0).stages().length;
        long window = ((maxspanMs + 999) / 1000 + 1) * 1000;
        // eval rp_stage=mvappend(if(sN..)...) | where isnotnull(rp_stage) | sort 0 _time
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            for (int j = 1; j <= n; j++) if (events.get(i).stages()[j - 1]) { order.add(i); break; }
        }
        order.sort(Comparator.comparingLong(i -> events.get(i).time())); // stable
        // mvexpand rp_stage (last stage first) | eval rp_k1=... | where isnotnull(rp_k1)
        List<Row> rows = new ArrayList<>();
        for (int i : order) {
            ModelEvent e = events.get(i);
            for (int j = n; j >= 1; j--) {
                if (!e.stages()[j - 1]) continue;
                for (String k : e.keyPerStage().get(j - 1)) rows.add(new Row(i, j, k, e.time()));
            }
        }
        // streamstats count as rp_row
        for (int r = 0; r < rows.size(); r++) rows.get(r).row = r + 1;
        for (Row r : rows) {
            r.s = new Long[n + 1];
            r.t = new Long[n + 1];
            r.r = new Long[n + 1];
        }
        // eval rp_s1, rp_t1
        for (Row r : rows) {
            if (r.stage == 1) { r.s[1] = r.row; r.t[1] = r.time; }
        }
        for (int j = 2; j <= n; j++) {
            int i = j - 1;
            // eval rp_rj
            for (Row r : rows) if (r.stage == j) r.r[j] = r.row;
            // streamstats time_window current=f last(rp_si) last(rp_ti) last(rp_rj) by rp_k1: per key, the latest
            // earlier row holding the value, if it lies within the window (rows are in _time order, so an older
            // one never does when the latest does not)
            Map<String, Row> lastS = new HashMap<>();
            Map<String, Row> lastR = new HashMap<>();
            Long[][] seen = new Long[rows.size()][];
            for (int x = 0; x < rows.size(); x++) {
                Row cur = rows.get(x);
                Row ps = lastS.get(cur.key);
                Row pr = lastR.get(cur.key);
                Long p = null, pt = null, qj = null;
                if (ps != null && cur.time - ps.time < window) { p = ps.s[i]; pt = ps.t[i]; }
                if (pr != null && cur.time - pr.time < window) qj = pr.r[j];
                seen[x] = new Long[] {p, pt, qj};
                if (cur.s[i] != null) lastS.put(cur.key, cur);
                if (cur.r[j] != null) lastR.put(cur.key, cur);
            }
            // eval rp_sj=if(stage=j AND isnotnull(p) AND (isnull(q) OR q<p) AND _time-pt<=maxspan, rp_row, null()), rp_tj
            for (int x = 0; x < rows.size(); x++) {
                Row r = rows.get(x);
                Long[] v = seen[x];
                if (r.stage == j && v[0] != null && (v[2] == null || v[2] < v[0]) && r.time - v[1] <= maxspanMs) {
                    r.s[j] = r.row;
                    r.t[j] = v[1];
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (Row r : rows) if (n > 0 && r.s[n] != null) out.add(r.t[n] + "->" + r.event);
        return out;
    }
}
