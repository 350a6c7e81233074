package dev.ruleport.kql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.SequenceQuery;
import dev.ruleport.ir.SequenceTerm;
import dev.ruleport.runtime.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the claim behind the sequence translation: Kusto's {@code scan}, as its documentation specifies it
 * (steps tried from last to first; "Check 1" promotes the previous step's state, "Check 2" re-matches a step that
 * holds state or starts a sequence at step 1), run with the step conditions the writer emits
 * ({@code __sK and isnull(sK.__ts) and __ts - s1.__ts <= maxspan and __uc == s(K-1).__uc}, partitioned by key),
 * finds exactly the sequences the interpreter finds: one pending sequence per stage, maxspan, until.
 *
 * <p>The model below is written from the scan documentation, not from the interpreter's matcher.
 */
class ScanModelTest {

    /** A row after the writer's extend: stage flags, until flag, timestamp, key. */
    record Row(int id, long ts, String key, boolean[] stage, boolean until) {}

    /** One step's state: the rows of the sequence so far and the __uc of its last row. */
    record State(List<Integer> ids, long firstTs, long lastUc) {}

    static List<List<Integer>> scan(List<Row> rows, int n, Long maxspan, boolean hasUntil) {
        Map<String, List<Row>> partitions = new LinkedHashMap<>();
        for (Row r : rows) partitions.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        List<List<Integer>> out = new ArrayList<>();
        for (List<Row> part : partitions.values()) {
            part.sort(Comparator.comparingLong(Row::ts)); // stable: ties keep input order
            State[] state = new State[n + 1];
            long uc = 0;
            for (Row r : part) {
                if (r.until()) uc++; // row_cumsum(iff(__u, 1, 0)), inclusive
                for (int k = n; k >= 1; k--) {
                    if (k > 1) {
                        State prev = state[k - 1];
                        // Check 1, evaluated with the previous step's state (where sK.__ts is null)
                        if (prev != null && cond(r, k, n, prev, maxspan, hasUntil, uc)) {
                            List<Integer> ids = new ArrayList<>(prev.ids());
                            ids.add(r.id());
                            state[k] = new State(ids, prev.firstTs(), uc);
                            state[k - 1] = null;
                            if (k == n) out.add(ids);
                            continue;
                        }
                        // Check 2 with the step's own state: isnull(sK.__ts) is false when it holds a sequence
                        continue;
                    }
                    // step 1: Check 2 always applies and starts (replaces) the step's sequence
                    if (r.stage()[0] && !(hasUntil && r.until())) {
                        state[1] = new State(List.of(r.id()), r.ts(), uc);
                    }
                }
            }
        }
        return out;
    }

    private static boolean cond(Row r, int k, int n, State prev, Long maxspan, boolean hasUntil, long uc) {
        if (!r.stage()[k - 1]) return false;
        if (maxspan != null && r.ts() - prev.firstTs() > maxspan) return false;
        if (hasUntil) {
            long before = k < n ? uc : uc - (r.until() ? 1 : 0);
            if (before != prev.lastUc()) return false;
        }
        return true;
    }

    @Test
    void scanWithTheWritersStepConditionsFindsTheInterpretersSequences() throws Exception {
        int rules = 0;
        int timelines = 0;
        int matches = 0;
        List<String> failures = new ArrayList<>();
        for (KqlCorpus.Entry e : KqlCorpus.translated("kql-ecs")) {
            if (!e.translation().ok() || !(e.outcome().query() instanceof SequenceQuery q)) continue;
            rules++;
            List<SequenceTerm> terms = new ArrayList<>(q.stages());
            if (q.until() != null) terms.add(q.until());
            String catField = e.outcome().rule().categoryField();
            InterpreterOptions opts = InterpreterOptions.defaults().withCategoryField(catField);
            List<Interpreter> filters = new ArrayList<>();
            List<List<Map<String, Object>>> pools = new ArrayList<>();
            Random random = new Random(e.name().hashCode());
            for (SequenceTerm t : terms) {
                Filter f = t.filter();
                filters.add(Interpreter.compile(new EventQuery(f, List.of(), f.span()), e.outcome().rule().querySource(), opts));
                pools.add(Witnesses.events(f, catField, Witnesses.multiValued(Map.of()), random));
            }
            Interpreter eql = Interpreter.compile(q, e.outcome().rule().querySource(), opts);
            for (int run = 0; run < 40; run++) {
                List<Event> events = new ArrayList<>();
                List<Row> rows = new ArrayList<>();
                List<Integer> termOf = new ArrayList<>();
                List<Map<String, Object>> timeline = Witnesses.timeline(q, pools, random, termOf);
                for (int i = 0; i < timeline.size(); i++) {
                    Map<String, Object> m = timeline.get(i);
                    int ti = termOf.get(i);
                    long ts = Instant.parse((String) m.get("@timestamp")).toEpochMilli();
                    // the timeline writes one key value into every join field of the term, or removes them all
                    String key = "";
                    boolean nullKey = false;
                    for (Expr k : q.joinKeys(terms.get(ti))) {
                        if (k instanceof FieldRef f) {
                            Object v = m.get(f.name());
                            nullKey = v == null;
                            key = v == null ? "" : v.toString();
                            break;
                        }
                    }
                    Event ev = Event.of(m);
                    events.add(ev);
                    // the writer's extend: every stage flag and the until flag for this row, and its key
                    boolean[] stage = new boolean[q.stages().size()];
                    for (int s = 0; s < stage.length; s++) stage[s] = filters.get(s).matches(ev);
                    boolean until = q.until() != null && filters.get(terms.size() - 1).matches(ev);
                    boolean anyStage = until;
                    for (boolean b : stage) anyStage |= b;
                    List<Expr> keyExprs = q.joinKeys(terms.get(ti));
                    boolean keyOk = keyExprs.isEmpty() || !nullKey;
                    for (Expr k : keyExprs) if (k instanceof FieldRef f && f.optional()) keyOk = true;
                    if (anyStage && keyOk) rows.add(new Row(i, ts, keyExprs.isEmpty() ? "" : key, stage, until));
                }
                List<List<Integer>> expected = new ArrayList<>();
                for (List<Event> match : eql.run(events)) {
                    List<Integer> ids = new ArrayList<>();
                    for (Event ev : match) ids.add(((Number) ev.source().get("ruleport_id")).intValue());
                    expected.add(ids);
                }
                List<List<Integer>> actual = scan(rows, q.stages().size(), q.maxspan() == null ? null : q.maxspan().millis(),
                        q.until() != null);
                Comparator<List<Integer>> byIds = Comparator.comparing(Object::toString);
                expected.sort(byIds);
                actual.sort(byIds);
                timelines++;
                matches += expected.size();
                if (!expected.equals(actual) && failures.size() < 10) {
                    failures.add(e.name() + ": interpreter " + expected + ", scan " + actual);
                }
            }
        }
        System.out.println("[kql scan model] " + rules + " sequence rules, " + timelines + " timelines, " + matches
                + " sequences: scan agrees with the interpreter");
        assertEquals(List.of(), failures);
        assertTrue(matches > 100, "only " + matches + " sequences found");
    }

    @Test
    void scanKeepsOnePendingSequencePerStage() {
        // A1 A2 B3 -> A2 B3; A1 B2 B3 B4 -> A1 B2 (eql-semantics.md section 3)
        boolean[] a = {true, false};
        boolean[] b = {false, true};
        List<Row> rows = List.of(new Row(1, 1, "k", a, false), new Row(2, 2, "k", a, false), new Row(3, 3, "k", b, false));
        assertEquals(List.of(List.of(2, 3)), scan(new ArrayList<>(rows), 2, null, false));
        List<Row> rows2 = List.of(new Row(1, 1, "k", a, false), new Row(2, 2, "k", b, false), new Row(3, 3, "k", b, false),
                new Row(4, 4, "k", b, false));
        assertEquals(List.of(List.of(1, 2)), scan(new ArrayList<>(rows2), 2, null, false));
        // an event matching both stages completes a pending sequence and starts a new one, never chaining with itself
        boolean[] both = {true, true};
        List<Row> rows3 = List.of(new Row(1, 1, "k", both, false), new Row(2, 2, "k", both, false), new Row(3, 3, "k", both, false));
        assertEquals(List.of(List.of(1, 2), List.of(2, 3)), scan(new ArrayList<>(rows3), 2, null, false));
    }
}
