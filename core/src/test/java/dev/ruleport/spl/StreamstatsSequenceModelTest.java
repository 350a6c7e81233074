package dev.ruleport.spl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ruleport.diag.Span;
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
            List<String> actual = pipeline(maps, n, maxspan);
            Collections.sort(expected);
            Collections.sort(actual);
            assertEquals(expected, actual, "round " + round + " n=" + n + " maxspan=" + maxspan + " events " + maps);
            streams++;
            matches += expected.size();
        }
        assertTrue(matches > 200, "too few matches to mean anything: " + matches);
        System.out.println("[spl sequence model] " + streams + " random streams, " + matches + " matches, all equal");
    }

    private static long millis(Map<String, Object> m) {
        return java.time.Instant.parse((String) m.get("@timestamp")).toEpochMilli();
    }

    /** A row after mvexpand: its event, stage, key and the fields the evals add. */
    private static final class Row {
        final int event;
        final int stage;
        final String key;
        final long time;
        long row;
        final Map<String, Long> f = new HashMap<>();

        Row(int event, int stage, String key, long time) {
            this.event = event;
            this.stage = stage;
            this.key = key;
            this.time = time;
        }
    }

    /** The emitted SPL, command by command. */
    static List<String> pipeline(List<Map<String, Object>> events, int n, long maxspanMs) {
        long window = ((maxspanMs + 999) / 1000 + 1) * 1000;
        // eval rp_stage=mvappend(if(sN..)...) | where isnotnull(rp_stage) | sort 0 _time
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            for (int j = 1; j <= n; j++) if (events.get(i).containsKey("s" + j)) { order.add(i); break; }
        }
        order.sort(Comparator.comparingLong(i -> millis(events.get(i)))); // stable
        // mvexpand rp_stage (last stage first) | eval rp_k1=k | where isnotnull(rp_k1)
        List<Row> rows = new ArrayList<>();
        for (int i : order) {
            Object k = events.get(i).get("k");
            for (int j = n; j >= 1; j--) {
                if (events.get(i).containsKey("s" + j) && k != null) rows.add(new Row(i, j, (String) k, millis(events.get(i))));
            }
        }
        // streamstats count as rp_row
        for (int r = 0; r < rows.size(); r++) rows.get(r).row = r + 1;
        // eval rp_s1, rp_t1
        for (Row r : rows) {
            if (r.stage == 1) { r.f.put("s1", r.row); r.f.put("t1", r.time); }
        }
        for (int j = 2; j <= n; j++) {
            int i = j - 1;
            // eval rp_rj
            for (Row r : rows) if (r.stage == j) r.f.put("r" + j, r.row);
            // streamstats time_window current=f last(rp_si) last(rp_ti) last(rp_rj) by rp_k1
            Map<Row, Long[]> seen = new IdentityHashMap<>();
            for (int x = 0; x < rows.size(); x++) {
                Row cur = rows.get(x);
                Long p = null, pt = null, qj = null;
                for (int y = x - 1; y >= 0; y--) {
                    Row prev = rows.get(y);
                    if (!prev.key.equals(cur.key) || cur.time - prev.time >= window) continue;
                    if (p == null && prev.f.containsKey("s" + i)) { p = prev.f.get("s" + i); pt = prev.f.get("t" + i); }
                    if (qj == null && prev.f.containsKey("r" + j)) qj = prev.f.get("r" + j);
                }
                seen.put(cur, new Long[] {p, pt, qj});
            }
            // eval rp_sj=if(stage=j AND isnotnull(p) AND (isnull(q) OR q<p) AND _time-pt<=maxspan, rp_row, null()), rp_tj
            for (Row r : rows) {
                Long[] v = seen.get(r);
                if (r.stage == j && v[0] != null && (v[2] == null || v[2] < v[0]) && r.time - v[1] <= maxspanMs) {
                    r.f.put("s" + j, r.row);
                    r.f.put("t" + j, v[1]);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (Row r : rows) if (r.f.containsKey("s" + n)) out.add(r.f.get("t" + n) + "->" + r.event);
        return out;
    }
}
