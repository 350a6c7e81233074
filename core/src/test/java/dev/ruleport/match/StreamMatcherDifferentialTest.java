package dev.ruleport.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ruleport.compile.CompiledRule;
import dev.ruleport.compile.Frontend;
import dev.ruleport.fixtures.FixtureCase;
import dev.ruleport.fixtures.WitnessGenerator;
import dev.ruleport.interpret.EventReader;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.matcher.RunOptions;
import dev.ruleport.testsupport.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code match} on compiled rules against the interpreter, over a file of a few thousand events made
 * from the witnesses and near misses of Windows corpus rules (single-event and sequence rules): per
 * rule, the same matches in the same order; and the same output whatever the number of threads.
 */
class StreamMatcherDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();

    @TempDir static Path dir;
    private static List<CompiledRule> rules;
    private static MatchRules compiled;
    private static List<Map<String, Object>> events;
    private static Path file;

    @BeforeAll
    static void setUp() throws IOException {
        rules = new ArrayList<>();
        int singles = 0;
        for (Path f : Frontend.ruleFiles(List.of(Shared.require("corpus/detection-rules/rules/windows")))) {
            Frontend.Outcome o = Frontend.compile(f);
            assertEquals(Frontend.Status.OK, o.status(), () -> f + ": " + o.diagnostics());
            // every sequence, every third single-event rule
            if (o.query() instanceof SequenceQuery || o.query() instanceof EventQuery && singles++ % 3 == 0) {
                rules.add(new CompiledRule(o.rule(), o.query()));
            }
        }
        compiled = MatchRules.compile(rules, RunOptions.defaults());
        events = new ArrayList<>();
        WitnessGenerator witnesses = new WitnessGenerator();
        for (CompiledRule r : rules) {
            for (FixtureCase c : witnesses.generate(r.rule(), r.query()).cases()) {
                for (Map<String, Object> e : c.events()) {
                    Map<String, Object> copy = new LinkedHashMap<>(e);
                    copy.put("@timestamp", Instant.ofEpochMilli(START + 200L * events.size()).toString());
                    events.add(copy);
                }
            }
        }
        file = write("events.ndjson", events);
    }

    private static Path write(String name, List<Map<String, Object>> list) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> e : list) sb.append(JSON.writeValueAsString(e)).append('\n');
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    /** Each rule's matches by the interpreter over the whole file, as the old {@code match} ran them. */
    private static List<List<List<Map<String, ?>>>> interpreted(Path events) throws IOException {
        List<Event> all = EventReader.read(events);
        List<List<List<Map<String, ?>>>> out = new ArrayList<>();
        for (CompiledRule r : rules) {
            Interpreter i = Interpreter.compile(r.query(), InterpreterOptions.defaults().withCategoryField(r.rule().categoryField()));
            out.add(sources(i.run(all)));
        }
        return out;
    }

    private static List<List<Map<String, ?>>> sources(List<List<Event>> matches) {
        List<List<Map<String, ?>>> out = new ArrayList<>();
        for (List<Event> m : matches) {
            List<Map<String, ?>> one = new ArrayList<>();
            for (Event e : m) one.add(e == null ? null : e.source());
            out.add(one);
        }
        return out;
    }

    /** Every alert in output order, and the summary. */
    record Run(List<String> alerts, List<List<List<Map<String, ?>>>> byRule, StreamMatcher.Summary summary) {}

    static Run run(MatchRules rules, Path events, StreamMatcher.Options options) throws IOException {
        return run(rules, events, options, true);
    }

    static Run run(MatchRules rules, Path events, StreamMatcher.Options options, boolean partial) throws IOException {
        List<String> alerts = new ArrayList<>();
        List<List<List<Map<String, ?>>>> byRule = new ArrayList<>();
        for (int i = 0; i < rules.rules().size(); i++) byRule.add(new ArrayList<>());
        StreamMatcher.Summary summary = new StreamMatcher(rules, options, partial).run(
                List.of(new StreamMatcher.Source(events.toString(), () -> Files.newInputStream(events))),
                new StreamMatcher.Listener() {
                    @Override public void alert(int rule, List<Event> match) {
                        List<Map<String, ?>> one = sources(List.of(match)).get(0);
                        byRule.get(rule).add(one);
                        alerts.add(rule + " " + one);
                    }

                    @Override public void badRecord(String source, long line, int column, String message) {
                        alerts.add(source + ":" + line + ":" + column + ": " + message);
                    }
                });
        return new Run(alerts, byRule, summary);
    }

    @Test
    void compiledStreamAgreesWithTheInterpreterRuleByRule() throws IOException {
        assertEquals(List.of(), compiled.fallbacks());
        Run run = run(compiled, file, StreamMatcher.Options.defaults().withThreads(1));
        List<List<List<Map<String, ?>>>> expected = interpreted(file);
        long singleMatches = 0;
        long sequenceMatches = 0;
        for (int i = 0; i < rules.size(); i++) {
            assertEquals(expected.get(i), run.byRule().get(i), rules.get(i).rule().file());
            if (rules.get(i).query() instanceof SequenceQuery) sequenceMatches += expected.get(i).size();
            else singleMatches += expected.get(i).size();
        }
        System.out.printf("match differential: %d rules, %d events, %d single-event and %d sequence matches%n",
                rules.size(), events.size(), singleMatches, sequenceMatches);
        assertTrue(events.size() > 2_000, "events: " + events.size());
        assertTrue(singleMatches > 50 && sequenceMatches > 200, singleMatches + " single, " + sequenceMatches + " sequence matches");
        assertEquals(new StreamMatcher.Summary(events.size(), Files.size(file), singleMatches + sequenceMatches, 0, 0, 0), run.summary());
    }

    @Test
    void theRuleIndexSparesOnlyRulesThatCannotMatchAndSparesMany() {
        List<Interpreter> interpreters = new ArrayList<>();
        for (CompiledRule r : rules) {
            interpreters.add(Interpreter.compile(r.query(), InterpreterOptions.defaults().withCategoryField(r.rule().categoryField())));
        }
        long[] bits = compiled.newCandidates();
        long tried = 0;
        long single = 0;
        for (Map<String, Object> source : events) {
            // every string value upper-cased too: the guards fold case as the rules do
            for (Map<String, Object> e : List.of(source, upperCased(source))) {
                Event event = Event.of(e);
                dev.ruleport.runtime.EventFields fields = new dev.ruleport.runtime.EventFields(event);
                compiled.candidates(fields, bits);
                assertEquals(java.util.Arrays.toString(compiled.matchSingle(fields)), java.util.Arrays.toString(compiled.matchSingle(fields, bits)));
                for (int i = 0; i < rules.size(); i++) {
                    if (!(rules.get(i).query() instanceof EventQuery)) continue;
                    single++;
                    if (MatchRules.isCandidate(bits, i)) tried++;
                    else assertTrue(!interpreters.get(i).matches(event), rules.get(i).rule().file() + " spared on " + e);
                }
            }
        }
        // the witnesses of a rule pass its guard; the rest of the file mostly does not
        assertTrue(tried * 4 < single, tried + " of " + single + " rule-event pairs tried");
    }

    /**
     * A sequence's stage whose guard an event fails never matches it (so the stage need not be tried), and the stage
     * guards leave a sequence's relevance as it was; most stages have a guard.
     */
    @Test
    void aSequenceStageIsSparedOnlyOnEventsItCannotMatch() {
        long[] bits = compiled.newCandidates();
        long spared = 0;
        long guarded = 0;
        long stages = 0;
        for (MatchRules.StatefulRule st : compiled.stateful()) {
            if (st.stageBits == null) continue;
            for (int b : st.stageBits) if (b >= 0) guarded++;
            stages += st.stageBits.length;
        }
        assertTrue(guarded * 2 > stages, guarded + " of " + stages + " stages guarded");
        long seq = 0;
        for (Map<String, Object> source : events) {
            for (Map<String, Object> e : List.of(source, upperCased(source))) {
                Event event = Event.of(e);
                dev.ruleport.runtime.EventFields fields = new dev.ruleport.runtime.EventFields(event);
                compiled.candidates(fields, bits);
                dev.ruleport.runtime.matcher.OrderedEvent probe = new dev.ruleport.runtime.matcher.OrderedEvent(event,
                        RunOptions.defaults().ordinal(event, seq++), fields);
                for (MatchRules.StatefulRule st : compiled.stateful()) {
                    if (st.stageBits == null) continue;
                    for (int k = 0; k < st.stages.length; k++) {
                        int b = st.stageBits[k];
                        if (b >= 0 && !MatchRules.isCandidate(bits, b)) {
                            spared++;
                            assertTrue(!st.stages[k].test(probe), compiled.rules().get(st.rule).rule().file() + " stage " + k + " spared on " + e);
                        }
                    }
                    if (MatchRules.isCandidate(bits, st.rule)) assertEquals(st.relevant(probe), st.relevant(probe, bits));
                }
            }
        }
        assertTrue(spared > 0);
    }

    @SuppressWarnings("unchecked")
    private static <T> T upperCased(T node) {
        if (node instanceof String s) return (T) s.toUpperCase(java.util.Locale.ROOT);
        if (node instanceof List<?> l) return (T) l.stream().map(StreamMatcherDifferentialTest::upperCased).toList();
        if (node instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, "@timestamp".equals(k) ? v : upperCased(v)));
            return (T) out;
        }
        return node;
    }

    @Test
    void readingOnlyTheFieldsRulesReadGivesTheAlertsOfReadingEverything() throws IOException {
        // each event as written, with its keys dotted ("process.parent.name") at one level or all, its objects in
        // arrays, and upper-cased
        List<Map<String, Object>> variants = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> e = events.get(i);
            Map<String, Object> v = switch (i % 5) {
                case 0 -> e;
                case 1 -> flattened("", e, new LinkedHashMap<>());
                case 2 -> dottedBelowTop(e);
                case 3 -> inArrays(e);
                default -> upperCased(e);
            };
            variants.add(v);
        }
        Path out = write("variants.ndjson", variants);
        Run part = run(compiled, out, StreamMatcher.Options.defaults().withThreads(2), true);
        Run whole = run(compiled, out, StreamMatcher.Options.defaults().withThreads(2), false);
        assertEquals(whole.alerts(), part.alerts());
        assertEquals(whole.summary(), part.summary());
        List<List<List<Map<String, ?>>>> expected = interpreted(out);
        for (int i = 0; i < rules.size(); i++) assertEquals(expected.get(i), part.byRule().get(i), rules.get(i).rule().file());
        assertTrue(part.alerts().size() > 100, "alerts: " + part.alerts().size());
    }

    /** Every key at every depth as one dotted key of the top level. */
    private static Map<String, Object> flattened(String prefix, Map<String, ?> m, Map<String, Object> out) {
        for (Map.Entry<String, ?> e : m.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty() && !key.equals("@timestamp")) {
                @SuppressWarnings("unchecked") Map<String, ?> c = (Map<String, ?>) child;
                flattened(key + ".", c, out);
            } else {
                out.put(key, e.getValue());
            }
        }
        return out;
    }

    /** Top-level objects kept, their contents dotted. */
    private static Map<String, Object> dottedBelowTop(Map<String, Object> e) {
        Map<String, Object> out = new LinkedHashMap<>();
        e.forEach((k, v) -> {
            @SuppressWarnings("unchecked") Map<String, ?> m = v instanceof Map<?, ?> ? (Map<String, ?>) v : null;
            out.put(k, m == null ? v : flattened("", m, new LinkedHashMap<>()));
        });
        return out;
    }

    /** Every object below the top level as an array of that one object. */
    private static Map<String, Object> inArrays(Map<String, Object> e) {
        Map<String, Object> out = new LinkedHashMap<>();
        e.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? List.of(m) : v));
        return out;
    }

    @Test
    void theOutputIsTheSameWhateverTheThreadsAndChunks() throws IOException {
        Run one = run(compiled, file, StreamMatcher.Options.defaults().withThreads(1));
        Run four = run(compiled, file, StreamMatcher.Options.defaults().withThreads(4));
        assertEquals(one.alerts(), four.alerts());
        assertTrue(one.alerts().size() > 250);
    }

    @Test
    void eventsOutOfOrderWithinTheWindowGiveTheSameSequences() throws IOException {
        // swap neighbours at random, and move every 40th event three places later: at most 600 ms out of order
        List<Map<String, Object>> shuffled = new ArrayList<>(events);
        Random random = new Random(7);
        for (int i = 0; i + 1 < shuffled.size(); i += 2) {
            if (random.nextBoolean()) java.util.Collections.swap(shuffled, i, i + 1);
        }
        for (int i = 0; i + 3 < shuffled.size(); i += 40) shuffled.add(i + 3, shuffled.remove(i));
        Path out = write("shuffled.ndjson", shuffled);
        Run run = run(compiled, out, StreamMatcher.Options.defaults().withThreads(2).withMaxOutOfOrderMillis(1_000));
        List<List<List<Map<String, ?>>>> expected = interpreted(out);
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).query() instanceof SequenceQuery) {
                assertEquals(expected.get(i), run.byRule().get(i), rules.get(i).rule().file());
            } else {
                // single-event alerts come in input order, the interpreter's in timestamp order
                assertEquals(counts(expected.get(i)), counts(run.byRule().get(i)), rules.get(i).rule().file());
            }
        }
        assertEquals(0, run.summary().lateEvents());
        // with no tolerance, the events behind a later one are late for the sequence rules, and counted
        Run strict = run(compiled, out, StreamMatcher.Options.defaults().withThreads(2).withMaxOutOfOrderMillis(0));
        assertTrue(strict.summary().lateEvents() > 0, "late events: " + strict.summary().lateEvents());
    }

    private static Map<Object, Integer> counts(List<?> list) {
        Map<Object, Integer> out = new HashMap<>();
        for (Object o : list) out.merge(o, 1, Integer::sum);
        return out;
    }

    @Test
    void aRuleThatIsNotCompiledRunsInTheInterpreterWithTheSameResults() throws IOException {
        // five sequences and five single-event rules, the first of each left to the interpreter
        List<Integer> picked = new ArrayList<>();
        for (Class<?> kind : List.of(SequenceQuery.class, EventQuery.class)) {
            for (int i = 0, n = 0; i < rules.size() && n < 5; i++) {
                if (kind.isInstance(rules.get(i).query())) {
                    picked.add(i);
                    n++;
                }
            }
        }
        List<CompiledRule> some = picked.stream().map(rules::get).toList();
        MatchRules mixed = MatchRules.compile(some, RunOptions.defaults(), null, Set.of(0, 5));
        assertEquals(List.of(some.get(0).rule().file(), some.get(5).rule().file()),
                mixed.fallbacks().stream().map(f -> f.rule().rule().file()).toList());
        Run all = run(compiled, file, StreamMatcher.Options.defaults().withThreads(1));
        Run part = run(mixed, file, StreamMatcher.Options.defaults().withThreads(2));
        for (int k = 0; k < some.size(); k++) assertEquals(all.byRule().get(picked.get(k)), part.byRule().get(k), some.get(k).rule().file());
    }
}
