package dev.ruleport.runtime.seq;

import static dev.ruleport.runtime.seq.Ev.by;
import static dev.ruleport.runtime.seq.Ev.ev;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Mirrors entries of es {@code test_missing_events.toml} with the events of
 * {@code data/missing-events.data} written out by hand ({@code sequence} is the id; it restarts per
 * event type, so ids are only unique within a type).
 */
class MissingEventsTest {

    static final long SECOND = 1000;
    static final long MINUTE = 60 * SECOND;

    static long iso(String s) {
        return Instant.parse(s).toEpochMilli();
    }

    static Ev e(String type, int seq, long ts, String tag, Object... more) {
        Object[] kv = new Object[4 + more.length];
        kv[0] = "event_type";
        kv[1] = type;
        kv[2] = "tag";
        kv[3] = tag;
        System.arraycopy(more, 0, kv, 4, more.length);
        return ev(seq, ts, kv);
    }

    static List<Ev> data() {
        List<Ev> d = new ArrayList<>();
        d.add(e("test1", 1, 1, "normal"));
        d.add(e("test1", 2, 2, "normal"));
        d.add(e("test1", 3, 3, "missing"));
        d.add(e("test1", 4, 4, "normal"));
        long t2 = iso("2022-05-04T12:00:00.000Z");
        d.add(e("test2", 1, t2, "normal"));
        d.add(e("test2", 2, t2 + 1, "normal"));
        d.add(e("test2", 3, t2 + 2, "missing"));
        d.add(e("test2", 4, t2 + 3, "normal"));
        d.add(e("test2", 5, t2 + 4, "normal"));
        d.add(e("test2", 6, t2 + 5, "missing"));
        d.add(e("test2", 7, t2 + 2 * MINUTE + 6, "missing2"));
        d.add(e("test2", 8, t2 + 3 * MINUTE + 6, "missing2"));
        long t3 = iso("2022-05-04T12:00:00.000Z");
        d.add(e("test3", 1, t3, "missing"));
        d.add(e("test3", 2, t3 + 10 * MINUTE + 1, "normal"));
        d.add(e("test3", 3, t3 + 20 * MINUTE + 1, "missing"));
        d.add(e("test3", 4, t3 + 21 * MINUTE + 1, "normal"));
        d.add(e("test3", 5, t3 + 29 * MINUTE + 1, "normal"));
        d.add(e("test3", 6, t3 + 31 * MINUTE + 1, "normal"));
        String[] t4 = {"A", "B", "M1", "B", "C", "M2", "D", "M1", "C", "B", "C", "D", "A", "B", "M3", "C", "D", "M4"};
        for (int i = 0; i < t4.length; i++) {
            d.add(e("test4", i + 1, i + 1, t4[i]));
        }
        long t5 = iso("2022-01-01T00:00:00.000Z");
        d.add(e("test5", 1, t5, "normal", "k1", "foo", "k2", "foo"));
        d.add(e("test5", 2, t5 + 1, "normal", "k1", "foo", "k2", "foo"));
        d.add(e("test5", 3, t5 + 3, "missing", "k1", "foo", "k2", "foo"));
        d.add(e("test5", 4, t5 + 4, "normal", "k1", "foo", "k2", "foo"));
        d.add(e("test5", 5, t5 + 5, "normal", "k1", "foo", "k2", "foo"));
        d.add(e("test5", 6, t5 + 6, "normal", "k1", "foo", "k2", "foo"));
        d.add(e("test5", 7, t5 + 7, "missing", "k1", "foo", "k2", "bar"));
        d.add(e("test5", 8, t5 + 8, "normal", "k1", "foo", "k2", "foo"));
        d.add(e("test5", 9, t5 + 9, "normal", "k1", "baz", "k2", "baz"));
        d.add(e("test5", 10, t5 + 10, "normal", "k1", "baz", "k2", "baz"));
        d.add(e("test5", 11, t5 + 11, "missing", "k1", "baz", "k2", "foo"));
        d.add(e("test5", 12, t5 + 12, "normal", "k1", "baz", "k2", "baz"));
        // ordinal: @timestamp, tiebreaker `sequence`
        return Ordering.sortByOrdinal(d, Ev::ordinal);
    }

    static Predicate<Ev> q(String type, String tag) {
        return x -> type.equals(x.get("event_type")) && tag.equals(x.get("tag"));
    }

    static SequenceSpec.Builder<Ev> seq(long maxspan) {
        return SequenceSpec.<Ev>builder(Ev::ordinal).maxSpanMillis(maxspan);
    }

    static List<SequenceMatch<Ev>> run(SequenceSpec.Builder<Ev> spec) {
        return SequenceMatcher.run(spec.build(), data());
    }

    static List<Integer> ids(SequenceSpec.Builder<Ev> spec) {
        return Ids.ofMatches(run(spec));
    }

    @Test
    void missingInBetween_noMatches() {
        SequenceSpec.Builder<Ev> s = seq(SECOND).stage(q("test1", "normal"), by())
                .missing(q("test1", "nonexisting"), by()).stage(q("test1", "normal"), by());
        assertEquals(List.of(1, -1, 2, 2, -1, 4), ids(s));
        assertEquals(List.of(1, -1, 2), Ids.ofMatches(Pipes.apply(run(s), List.of(Pipe.head(1)))));
    }

    @Test
    void missingInBetween_match() {
        assertEquals(List.of(1, -1, 2), ids(seq(SECOND).stage(q("test1", "normal"), by())
                .missing(q("test1", "missing"), by()).stage(q("test1", "normal"), by())));
    }

    @Test
    void positivePlusMissing() {
        assertEquals(List.of(4, -1), ids(seq(SECOND).stage(q("test1", "normal"), by())
                .missing(q("test1", "missing"), by())));
    }

    @Test
    void skipFirstMatchAndPickSecondCandidate() {
        assertEquals(List.of(2, 4, -1, 5), ids(seq(SECOND).stage(q("test2", "normal"), by())
                .stage(q("test2", "normal"), by()).missing(q("test2", "missing"), by()).stage(q("test2", "normal"), by())));
    }

    @Test
    void leadingAndTrailingExcluded1() {
        assertEquals(List.of(-1, 2, -1, -1, 4, -1, -1, 5, -1, -1, 6, -1), ids(seq(19 * MINUTE)
                .missing(q("test3", "missing"), by()).stage(q("test3", "normal"), by()).missing(q("test3", "missing"), by())));
    }

    @Test
    void leadingOnlyAndTrailingOnly() {
        // leading only: rejected when the latest earlier M is within maxspan of the last positive event
        assertEquals(List.of(), ids(seq(19 * MINUTE)
                .missing(q("test3", "missing"), by()).stage(q("test3", "normal"), by())));
        // N2 is 10m0.001s after M1 (accepted), N4/N5 1m/9m after M3 (rejected), N6 11m after M3
        assertEquals(List.of(-1, 2, -1, 6), ids(seq(10 * MINUTE)
                .missing(q("test3", "missing"), by()).stage(q("test3", "normal"), by())));
        // trailing only: rejected when the first later M is within maxspan of the first positive event;
        // M3 comes exactly 10m after N2, which still counts (maxspan is inclusive)
        assertEquals(List.of(4, -1, 5, -1, 6, -1), ids(seq(10 * MINUTE)
                .stage(q("test3", "normal"), by()).missing(q("test3", "missing"), by())));
        assertEquals(List.of(2, -1, 4, -1, 5, -1, 6, -1), ids(seq(10 * MINUTE - 1)
                .stage(q("test3", "normal"), by()).missing(q("test3", "missing"), by())));
    }

    SequenceSpec.Builder<Ev> test4(String... terms) {
        SequenceSpec.Builder<Ev> s = seq(SECOND);
        for (String t : terms) {
            if (t.startsWith("!")) {
                s.missing(q("test4", t.substring(1)), by());
            } else {
                s.stage(q("test4", t), by());
            }
        }
        return s;
    }

    @Test
    void multipleMissing() {
        assertEquals(List.of(13, 14, -1, 16, -1, 17), ids(test4("A", "B", "!M1", "C", "!M2", "D")));
        assertEquals(List.of(13, 14, -1, 16, 17), ids(test4("A", "B", "!M1", "C", "D")));
        assertEquals(List.of(13, 14, 16, -1, 17), ids(test4("A", "B", "C", "!M2", "D")));
        assertEquals(List.of(1, 2, -1, 5, -1, 7, 13, 14, -1, 16, -1, 17), ids(test4("A", "B", "!none", "C", "!none", "D")));
        assertEquals(List.of(13, 14, 16, -1, 17, -1), ids(test4("A", "B", "C", "!M2", "D", "!none")));
        assertEquals(List.of(-1, 13, 14, 16, -1, 17), ids(test4("!none", "A", "B", "C", "!M2", "D")));
    }

    @Test
    void interleaved3Missing() {
        assertEquals(List.of(-1, 1, -1, 2, -1, -1, 2, -1, 4, -1), ids(seq(60 * MINUTE)
                .missing(q("test1", "foobar"), by()).stage(q("test1", "normal"), by())
                .missing(q("test1", "foobar"), by()).stage(q("test1", "normal"), by())
                .missing(q("test1", "foobar"), by())));
    }

    static final Predicate<Ev> NORMAL5 = q("test5", "normal");
    static final Predicate<Ev> MISSING5 = q("test5", "missing");

    @Test
    void withByKey1and2() {
        List<Integer> expected = List.of(2, 4, -1, 5, 4, 5, -1, 6);
        List<SequenceMatch<Ev>> m = run(seq(SECOND).stage(NORMAL5, by("k1")).stage(NORMAL5, by("k1"))
                .missing(MISSING5, by("k1")).stage(NORMAL5, by("k1")));
        assertEquals(expected, Ids.ofMatches(m));
        assertEquals(List.of("foo", "foo"), Ids.keysOfMatches(m));
    }

    @Test
    void withByKey3_missingStageKeyedByAnotherField() {
        List<SequenceMatch<Ev>> m = run(seq(SECOND).stage(NORMAL5, by("k1")).stage(NORMAL5, by("k1"))
                .missing(MISSING5, by("k2")).stage(NORMAL5, by("k1")));
        assertEquals(List.of(2, 4, -1, 5, 4, 5, -1, 6, 5, 6, -1, 8, 9, 10, -1, 12), Ids.ofMatches(m));
        assertEquals(List.of("foo", "foo", "foo", "baz"), Ids.keysOfMatches(m));
    }

    @Test
    void withByKey5_compositeKeys() {
        List<SequenceMatch<Ev>> m = run(seq(SECOND).stage(NORMAL5, by("k1", "k2")).stage(NORMAL5, by("k1", "k2"))
                .missing(MISSING5, by("k1", "k2")).stage(NORMAL5, by("k1", "k2")));
        assertEquals(List.of(2, 4, -1, 5, 4, 5, -1, 6, 5, 6, -1, 8, 9, 10, -1, 12), Ids.ofMatches(m));
        assertEquals(List.of("foo", "foo", "foo", "foo", "foo", "foo", "baz", "baz"), Ids.keysOfMatches(m));
    }

    SequenceSpec.Builder<Ev> withByKey6() {
        Predicate<Ev> missingLate = MISSING5.and(x -> x.id() > 10);
        return seq(SECOND).stage(NORMAL5, by("k1", "k2")).stage(NORMAL5, by("k1", "k2"))
                .missing(missingLate, by("k1", "k2")).stage(NORMAL5, by("k1", "k2"));
    }

    @Test
    void withByKey6_andPipes() {
        List<SequenceMatch<Ev>> m = run(withByKey6());
        assertEquals(List.of(1, 2, -1, 4, 2, 4, -1, 5, 4, 5, -1, 6, 5, 6, -1, 8, 9, 10, -1, 12), Ids.ofMatches(m));
        List<SequenceMatch<Ev>> tail = Pipes.apply(m, List.of(Pipe.tail(2)));
        assertEquals(List.of(5, 6, -1, 8, 9, 10, -1, 12), Ids.ofMatches(tail));
        assertEquals(List.of("foo", "foo", "baz", "baz"), Ids.keysOfMatches(tail));
    }

    @Test
    void withByKey_head() {
        List<SequenceMatch<Ev>> m = run(seq(SECOND).stage(NORMAL5, by("k1", "k2")).stage(NORMAL5, by("k1", "k2"))
                .missing(MISSING5, by("k1", "k2")).stage(NORMAL5, by("k1", "k2")));
        assertEquals(List.of(2, 4, -1, 5, 4, 5, -1, 6), Ids.ofMatches(Pipes.apply(m, List.of(Pipe.head(2)))));
    }

    @Test
    void withByKey_runsOnMissing() {
        List<SequenceMatch<Ev>> m = run(seq(SECOND).stage(NORMAL5, by("k1", "k2"), 2)
                .missing(MISSING5, by("k1", "k2"), 2).stage(NORMAL5, by("k1", "k2")));
        assertEquals(List.of(2, 4, -1, -1, 5, 4, 5, -1, -1, 6, 5, 6, -1, -1, 8, 9, 10, -1, -1, 12), Ids.ofMatches(m));
    }

    @Test
    void trailingCheckWaitsForTimeToPass() {
        // A at 0, maxspan 10: a trailing M at 10 rejects (inclusive), at 11 does not; until then it waits
        SequenceSpec<Ev> spec = SequenceSpec.<Ev>builder(Ev::ordinal).maxSpanMillis(10)
                .stage(Ev.type("A"), by()).missing(Ev.type("M"), by()).build();
        List<SequenceMatch<Ev>> out = new ArrayList<>();
        SequenceMatcher<Ev> m = new SequenceMatcher<>(spec, out::add);
        m.accept(ev(1, 0, "event_type", "A"));
        m.accept(ev(2, 10, "event_type", "X"));
        assertEquals(List.of(), out);
        assertEquals(1, m.inFlightCount());
        m.accept(ev(3, 11, "event_type", "M"));
        assertEquals(List.of(1, -1), Ids.ofMatches(out));
        assertEquals(0, m.pendingCount());

        out.clear();
        SequenceMatcher<Ev> m2 = new SequenceMatcher<>(spec, out::add);
        m2.accept(ev(1, 0, "event_type", "A"));
        m2.accept(ev(2, 10, "event_type", "M"));
        m2.finish();
        assertEquals(List.of(), out);

        SequenceMatcher<Ev> m3 = new SequenceMatcher<>(spec, out::add);
        m3.accept(ev(1, 0, "event_type", "A"));
        m3.finish(); // no trailing event ever came
        assertEquals(List.of(1, -1), Ids.ofMatches(out));
    }

    @Test
    void middleMissingEventWithBoundaryTimestampDoesNotCount() {
        // Elasticsearch bounds the gap by timestamps, exclusive: an M with the same timestamp as A or B is outside
        SequenceSpec.Builder<Ev> s = SequenceSpec.<Ev>builder(Ev::ordinal).maxSpanMillis(100)
                .stage(Ev.type("A"), by()).missing(Ev.type("M"), by()).stage(Ev.type("B"), by());
        List<Ev> events = List.of(ev(1, 5, "event_type", "A"), ev(2, 5, "event_type", "M"),
                ev(3, 9, "event_type", "M"), ev(4, 9, "event_type", "B"));
        assertEquals(List.of(1, -1, 4), Ids.ofMatches(SequenceMatcher.run(s.build(), events)));
        List<Ev> inside = List.of(ev(1, 5, "event_type", "A"), ev(2, 6, "event_type", "M"), ev(4, 9, "event_type", "B"));
        assertEquals(List.of(), Ids.ofMatches(SequenceMatcher.run(s.build(), inside)));
    }

    @Test
    void rejectedCandidateStillReplacedTheSlot() {
        // ES rejects a sequence with a middle missing event only on completion; until then it occupies
        // (and replaces) its stage, so an older clean sequence at that stage is gone.
        SequenceSpec.Builder<Ev> s = SequenceSpec.<Ev>builder(Ev::ordinal).maxSpanMillis(100)
                .stage(Ev.type("A"), by()).stage(Ev.type("B"), by()).missing(Ev.type("M"), by())
                .stage(Ev.type("C"), by()).stage(Ev.type("D"), by());
        List<Ev> events = List.of(
                ev(1, 1, "event_type", "A"), ev(2, 2, "event_type", "B"), ev(3, 3, "event_type", "C"),
                ev(4, 4, "event_type", "A"), ev(5, 5, "event_type", "B"), ev(6, 6, "event_type", "M"),
                ev(7, 7, "event_type", "C"), ev(8, 8, "event_type", "D"));
        assertEquals(List.of(), Ids.ofMatches(SequenceMatcher.run(s.build(), events)));
    }
}
