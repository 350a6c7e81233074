package dev.ruleport.runtime.seq;

import static dev.ruleport.runtime.seq.Ev.by;
import static dev.ruleport.runtime.seq.Ev.ev;
import static dev.ruleport.runtime.seq.Ev.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Mirrors entries of es {@code test_sample.toml} / {@code test_sample_multi.toml} with the events of
 * {@code data/sample{1,2,3}.data} and {@code data/sample-multi.data} written out by hand. Dates are
 * given as epoch millis, as the caller's key extractor would normalise them.
 */
class SampleMatcherTest {

    static final long DEC12 = 1670803200000L;
    static final long DEC13 = 1670889600000L;
    static final long DEC15 = 1671062400000L;
    static final long DEC17 = 1671235200000L;

    static List<Ev> samples() {
        List<Ev> d = new ArrayList<>();
        // sample1
        d.add(ev(11, 0, "@timestamp_pretty", DEC12, "missing_keyword", "test", "ip", "10.0.0.1", "event_type", "alert", "host", "doom", "uptime", 0L, "port", 1234L, "os", "win10", "id", 11L));
        d.add(ev(12, 0, "@timestamp_pretty", DEC13, "event_type", "alert", "host", "CS", "uptime", 5L, "port", 1L, "os", "win10", "id", 12L));
        d.add(ev(13, 0, "@timestamp_pretty", DEC12, "event_type", "alert", "host", "farcry", "uptime", 1L, "port", 1234L, "bool", false, "os", "win10", "id", 13L));
        d.add(ev(14, 0, "@timestamp_pretty", DEC13, "event_type", "alert", "host", "GTA", "uptime", 3L, "port", 12L, "os", "slack", "id", 14L));
        d.add(ev(15, 0, "@timestamp_pretty", DEC17, "event_type", "alert", "host", "sniper 3d", "uptime", 6L, "port", 1234L, "os", "fedora", "id", 15L));
        d.add(ev(16, 0, "@timestamp_pretty", DEC17, "event_type", "alert", "host", "doom", "port", 65123L, "bool", true, "os", "redhat", "id", 16L));
        d.add(ev(17, 0, "@timestamp_pretty", DEC17, "missing_keyword", "yyy", "event_type", "failure", "host", "doom", "uptime", 15L, "port", 1234L, "bool", true, "os", "redhat", "id", 17L));
        d.add(ev(18, 0, "@timestamp_pretty", DEC12, "missing_keyword", "test", "event_type", "success", "host", "doom", "uptime", 16L, "port", 512L, "os", "win10", "id", 18L));
        d.add(ev(19, 0, "@timestamp_pretty", DEC15, "missing_keyword", "test", "event_type", "success", "host", "GTA", "port", 12L, "bool", true, "os", "win10", "id", 19L));
        d.add(ev(110, 0, "missing_keyword", null, "ip", "10.0.0.5", "event_type", "alert", "host", "farcry", "uptime", 1L, "port", 1234L, "bool", true, "os", "win10", "id", 110L));
        // sample2 (op_sys instead of os)
        d.add(ev(21, 0, "ip", "10.0.0.1", "event_type", "alert", "host", "doom", "uptime", 0L, "port", 1234L, "op_sys", "win10", "id", 21L));
        d.add(ev(22, 0, "event_type", "alert", "host", "CS", "uptime", 5L, "port", 1L, "op_sys", "win10", "id", 22L));
        d.add(ev(23, 0, "@timestamp_pretty", DEC17, "event_type", "alert", "host", "farcry", "uptime", 1L, "port", 1234L, "bool", false, "op_sys", "win10", "id", 23L));
        d.add(ev(24, 0, "event_type", "alert", "host", "GTA", "uptime", 3L, "port", 12L, "op_sys", "slack", "id", 24L));
        d.add(ev(25, 0, "event_type", "alert", "host", "sniper 3d", "uptime", 6L, "port", 1234L, "op_sys", "fedora", "id", 25L));
        d.add(ev(26, 0, "@timestamp_pretty", DEC17, "ip", "10.0.0.5", "event_type", "alert", "host", "doom", "port", 65123L, "bool", true, "op_sys", "redhat", "id", 26L));
        d.add(ev(27, 0, "@timestamp_pretty", DEC17, "event_type", "failure", "host", "doom", "uptime", 15L, "port", 1234L, "bool", true, "op_sys", "redhat", "id", 27L));
        d.add(ev(28, 0, "ip", "10.0.0.1", "event_type", "success", "host", "doom", "uptime", 16L, "port", 512L, "op_sys", "win10", "id", 28L));
        d.add(ev(29, 0, "ip", "10.0.0.1", "event_type", "success", "host", "GTA", "port", 12L, "bool", false, "op_sys", "win10", "id", 29L));
        // sample3
        d.add(ev(31, 0, "host_ip", "10.0.0.1", "event_type", "alert", "host", "doom", "uptime", 0L, "port", 12L, "os", "win10", "id", 31L));
        d.add(ev(32, 0, "event_type", "alert", "host", "CS", "os", "win10", "id", 32L));
        d.add(ev(33, 0, "event_type", "alert", "host", "farcry", "bool", true, "os", "win10", "id", 33L));
        d.add(ev(34, 0, "event_type", "alert", "host", "GTA", "os", "slack", "bool", true, "id", 34L));
        d.add(ev(35, 0, "event_type", "alert", "host", "sniper 3d", "os", "fedora", "id", 35L));
        d.add(ev(36, 0, "host_ip", "10.0.0.1", "event_type", "alert", "host", "doom", "bool", true, "os", "redhat", "id", 36L));
        d.add(ev(37, 0, "event_type", "failure", "missing_keyword", "test", "host", "doom", "bool", true, "os", "redhat", "id", 37L));
        d.add(ev(38, 0, "event_type", "success", "host", "doom", "os", "win10", "id", 38L, "date", DEC17));
        d.add(ev(39, 0, "host_ip", "10.0.0.5", "event_type", "success", "host", "GTA", "bool", true, "os", "win10", "id", 39L));
        return d;
    }

    static List<Ev> multi() {
        return List.of(
                ev(1, 0, "host_ip", "10.0.0.1", "event_type", "alert_1", "host", "doom", "uptime", 0L, "port", 12L, "os", "win10"),
                ev(2, 0, "event_type", "alert_1", "host", "CS", "os", "win10"),
                ev(3, 0, "event_type", "alert_2", "host", "farcry", "bool", true, "os", "win10"),
                ev(4, 0, "event_type", "alert_1", "host", "GTA", "os", "win10", "bool", true),
                ev(5, 0, "event_type", "alert_1", "host", "GTA", "os", "fedora", "bool", true),
                ev(6, 0, "event_type", "alert_2", "host", "farcry", "bool", true, "os", "redhat"),
                ev(7, 0, "event_type", "alert_1", "host", "farcry", "bool", true, "os", "redhat"),
                ev(8, 0, "event_type", "alert_1", "host", "farcry", "bool", true, "os", null),
                ev(9, 0, "event_type", "alert_2", "host", "farcry", "bool", true, "os", null),
                ev(10, 0, "event_type", "alert_1", "host", "GTA", "bool", true));
    }

    static Predicate<Ev> gt(String field, long v) {
        return e -> e.get(field) instanceof Long l && l > v;
    }

    static Predicate<Ev> eq(String field, Object v) {
        return e -> v.equals(e.get(field));
    }

    static List<Sample<Ev>> run(SampleSpec.Builder<Ev> spec, List<Ev> events) {
        return SampleMatcher.run(spec.build(), events);
    }

    static void assertOneOf(List<List<Integer>> alternatives, List<Integer> actual) {
        assertTrue(alternatives.contains(actual), actual + " is none of " + alternatives);
    }

    @Test
    void anyRulesWithOneDifferentNameKey() {
        List<Sample<Ev>> s = run(SampleSpec.<Ev>builder()
                .filter(gt("uptime", 0), by("host", "os"))
                .filter(gt("port", 100), by("host", "op_sys"))
                .filter(eq("bool", true), by("host", "os")), samples());
        assertOneOf(List.of(List.of(17, 26, 16, 13, 23, 110), List.of(17, 26, 16, 110, 23, 33)), Ids.ofSamples(s));
        assertEquals(List.of("doom", "redhat", "farcry", "win10"), Ids.keysOfSamples(s));
    }

    @Test
    void anyRulesWithORFilters_booleansSortFalseFirst() {
        List<Sample<Ev>> s = run(SampleSpec.<Ev>builder()
                .filter(gt("uptime", 0).or(eq("bool", false)), by("bool", "host"))
                .filter(gt("port", 10000).or(eq("bool", false)), by("bool", "host")), samples());
        assertEquals(List.of(13, 23, 17, 16), Ids.ofSamples(s));
        assertEquals(List.of(false, "farcry", true, "doom"), Ids.keysOfSamples(s));
    }

    SampleSpec.Builder<Ev> oneKeyOptional2() {
        Predicate<Ev> ids = eq("id", 21L).or(eq("id", 24L)).or(eq("id", 11L));
        return SampleSpec.<Ev>builder()
                .filter(type("success"), by("host", "?os"))
                .filter(type("alert").and(ids), by("host", "?os"));
    }

    @Test
    void oneKeyOptional_2_nullSortsFirstAndStringsByCodePoint() {
        List<Sample<Ev>> s = run(oneKeyOptional2(), samples());
        assertEquals(List.of(29, 24, 28, 21, 18, 11), Ids.ofSamples(s));
        assertEquals(Arrays.asList("GTA", null, "doom", null, "doom", "win10"), Ids.keysOfSamples(s));
    }

    @Test
    void sizeLimitsTheSamples() {
        assertEquals(List.of(29, 24, 28, 21), Ids.ofSamples(run(oneKeyOptional2().size(2), samples())));
        assertEquals(List.of(29, 24, 28, 21, 18, 11), Ids.ofSamples(run(oneKeyOptional2().size(3), samples())));
        assertEquals(List.of(29, 24, 28, 21, 18, 11), Ids.ofSamples(run(oneKeyOptional2().size(500), samples())));
        assertEquals(List.of(), Ids.ofSamples(run(oneKeyOptional2().size(0), samples())));
    }

    @Test
    void customDateFormatAsKey() {
        List<Sample<Ev>> s = run(SampleSpec.<Ev>builder()
                .filter(type("alert"), by("@timestamp_pretty"))
                .filter(type("failure"), by("@timestamp_pretty")), samples());
        assertEquals(List.of(15, 17), Ids.ofSamples(s));
        assertEquals(List.of(DEC17), Ids.keysOfSamples(s));
    }

    @Test
    void optionalFieldAsKeyAndSecondFilter_eventsAreDistinct() {
        List<Sample<Ev>> s = run(SampleSpec.<Ev>builder()
                .filter(eq("id", 11L), by("?x"))
                .filter(e -> e.get("x") == null, by("?x")), samples());
        assertEquals(List.of(11, 12), Ids.ofSamples(s));
        assertEquals(Arrays.asList((Object) null), Ids.keysOfSamples(s));
    }

    @Test
    void oneEventCannotFillTwoFilters() {
        List<Ev> one = List.of(ev(1, 0, "k", "a"));
        assertEquals(List.of(), Ids.ofSamples(run(SampleSpec.<Ev>builder()
                .filter(e -> true, by("k")).filter(e -> true, by("k")), one)));
    }

    @Test
    void backtracksToFindDistinctEvents() {
        // candidates per filter, in arrival order: [1 2 3] [4 5] [3 4 5]; depth-first with distinct
        // events: 1, then 4, then 3 (4 is taken)
        Predicate<Ev> f1 = e -> List.of(1, 2, 3).contains(e.id());
        Predicate<Ev> f2 = e -> List.of(4, 5).contains(e.id());
        Predicate<Ev> f3 = e -> List.of(3, 4, 5).contains(e.id());
        List<Ev> events = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            events.add(ev(i, 0));
        }
        assertEquals(List.of(1, 4, 3), Ids.ofSamples(run(SampleSpec.<Ev>builder()
                .filter(f1, by()).filter(f2, by()).filter(f3, by()), events)));
    }

    SampleSpec.Builder<Ev> multiSpec(String os, int max) {
        return SampleSpec.<Ev>builder().maxSamplesPerKey(max)
                .filter(type("alert_1"), by(os)).filter(type("alert_2"), by(os));
    }

    @Test
    void oneSamplePerKey() {
        assertOneOf(List.of(List.of(7, 6, 1, 3), List.of(7, 6, 2, 3), List.of(7, 6, 4, 3)),
                Ids.ofSamples(run(multiSpec("os", 1), multi())));
        assertOneOf(List.of(List.of(8, 9, 7, 6, 1, 3), List.of(10, 9, 7, 6, 1, 3)),
                Ids.ofSamples(run(multiSpec("?os", 1), multi())));
    }

    @Test
    void severalSamplesPerKeyReuseEvents() {
        List<Sample<Ev>> s = run(multiSpec("?os", 2), multi());
        assertEquals(List.of(8, 9, 10, 9, 7, 6, 1, 3, 2, 3), Ids.ofSamples(s));
        assertEquals(Arrays.asList(null, null, "redhat", "win10", "win10"), Ids.keysOfSamples(s));
        assertEquals(List.of(7, 6, 1, 3, 2, 3, 4, 3), Ids.ofSamples(run(multiSpec("os", 10), multi())));
        assertEquals(List.of(6, 7, 3, 1, 3, 2), Ids.ofSamples(run(SampleSpec.<Ev>builder().maxSamplesPerKey(2)
                .filter(type("alert_2"), by("os")).filter(type("alert_1"), by("os")), multi())));
    }

    @Test
    void memoryPerKeyIsCapped() {
        SampleMatcher<Ev> m = new SampleMatcher<>(multiSpec("k", 1).build());
        for (int i = 0; i < 1000; i++) {
            m.accept(ev(i, 0, "event_type", "alert_1", "k", "same"));
        }
        assertEquals(2, m.pendingCount()); // filters + max_samples_per_key - 1
        assertEquals(List.of(), m.finish());
    }

    @Test
    void keyOrder() {
        assertTrue(KeyOrder.VALUES.compare(null, false) < 0);
        assertTrue(KeyOrder.VALUES.compare(false, true) < 0);
        assertTrue(KeyOrder.VALUES.compare(2L, 10) < 0);
        assertTrue(KeyOrder.VALUES.compare(2.5, 10L) < 0);
        assertTrue(KeyOrder.VALUES.compare("GTA", "doom") < 0);
        assertTrue(KeyOrder.VALUES.compare("redhat", "win10") < 0);
        assertTrue(KeyOrder.VALUES.compare("\uFFFF", "\uD83D\uDE00") < 0, "code point order, not UTF-16");
        assertTrue(KeyOrder.VALUES.compare(true, 0L) < 0);
        assertTrue(KeyOrder.VALUES.compare(5L, "a") < 0);
        assertEquals(0, KeyOrder.VALUES.compare("a", "a"));
    }

    @Test
    void specValidation() {
        assertThrows(IllegalArgumentException.class, () -> SampleSpec.<Ev>builder().build());
        assertThrows(IllegalArgumentException.class, () -> SampleSpec.<Ev>builder().maxSamplesPerKey(0));
    }
}
