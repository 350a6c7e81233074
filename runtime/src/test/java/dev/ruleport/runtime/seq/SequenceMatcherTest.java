package dev.ruleport.runtime.seq;

import static dev.ruleport.runtime.seq.Ev.by;
import static dev.ruleport.runtime.seq.Ev.ev;
import static dev.ruleport.runtime.seq.Ev.is;
import static dev.ruleport.runtime.seq.Ev.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SequenceMatcherTest {

    static SequenceSpec.Builder<Ev> seq() {
        return SequenceSpec.builder(Ev::ordinal);
    }

    static List<Integer> run(SequenceSpec.Builder<Ev> spec, Ev... events) {
        return Ids.ofMatches(SequenceMatcher.run(spec.build(), Arrays.asList(events)));
    }

    static Ev a(int id, long ts) {
        return ev(id, ts, "event_type", "A");
    }

    static Ev b(int id, long ts) {
        return ev(id, ts, "event_type", "B");
    }

    static Ev c(int id, long ts) {
        return ev(id, ts, "event_type", "C");
    }

    static Ev u(int id, long ts) {
        return ev(id, ts, "event_type", "U");
    }

    static SequenceSpec.Builder<Ev> ab() {
        return seq().stage(type("A"), by()).stage(type("B"), by());
    }

    @Nested
    class PendingSequences {
        @Test
        void newerCandidateOverwritesOlderAtSameStage() {
            assertEquals(List.of(2, 3), run(ab(), a(1, 1), a(2, 2), b(3, 3)));
        }

        @Test
        void consumedSequenceIsNotAdvancedAgain() {
            assertEquals(List.of(1, 2), run(ab(), a(1, 1), b(2, 2), b(3, 3), b(4, 4)));
        }

        @Test
        void eventAdvancesAndStartsButNeverChainsWithItself() {
            SequenceSpec.Builder<Ev> any = seq().stage(e -> true, by()).stage(e -> true, by());
            assertEquals(List.of(1, 2, 2, 3), run(any, a(1, 1), a(2, 2), a(3, 3)));
            SequenceSpec.Builder<Ev> three = seq().stage(e -> true, by()).stage(e -> true, by()).stage(e -> true, by());
            assertEquals(List.of(1, 2, 3, 2, 3, 4), run(three, a(1, 1), a(2, 2), a(3, 3), a(4, 4)));
        }

        @Test
        void eachStageStrictlyAfterThePreviousEvenWithEqualTimestamps() {
            // equal timestamps are ordered by tiebreaker/arrival, so B after A with the same ts matches
            assertEquals(List.of(1, 2), run(ab(), a(1, 5), b(2, 5)));
            assertEquals(List.of(), run(ab(), b(1, 5), a(2, 5)));
        }

        @Test
        void keysAreIndependent() {
            SequenceSpec.Builder<Ev> spec = seq().stage(type("A"), by("k")).stage(type("B"), by("k"));
            assertEquals(List.of(1, 4, 2, 3), run(spec,
                    ev(1, 1, "event_type", "A", "k", "x"),
                    ev(2, 2, "event_type", "A", "k", "y"),
                    ev(3, 3, "event_type", "B", "k", "y"),
                    ev(4, 4, "event_type", "B", "k", "x")));
        }

        @Test
        void eventWithoutRequiredKeyTakesNoPart() {
            SequenceSpec.Builder<Ev> spec = seq().stage(type("A"), by("k")).stage(type("B"), by("k"));
            assertEquals(List.of(), run(spec, ev(1, 1, "event_type", "A"), ev(2, 2, "event_type", "B")));
        }

        @Test
        void runsExpansionNeedsOneEventPerRun() {
            SequenceSpec.Builder<Ev> spec = seq().stage(type("A"), by(), 3).stage(type("B"), by());
            assertEquals(4, spec.build().stages().size());
            assertEquals(List.of(), run(spec, a(1, 1), a(2, 2), b(3, 3)));
            assertEquals(List.of(1, 2, 3, 4), run(spec, a(1, 1), a(2, 2), a(3, 3), b(4, 4)));
            // a fourth A shifts the window: the latest three A before B win
            assertEquals(List.of(2, 3, 4, 5), run(spec, a(1, 1), a(2, 2), a(3, 3), a(4, 4), b(5, 5)));
            assertThrows(IllegalArgumentException.class, () -> seq().stage(type("A"), by(), 0));
        }

        @Test
        void outOfOrderInputIsRejected() {
            SequenceMatcher<Ev> m = new SequenceMatcher<>(ab().build());
            m.accept(a(1, 5));
            assertThrows(IllegalArgumentException.class, () -> m.accept(b(2, 4)));
        }

        @Test
        void specValidation() {
            assertThrows(IllegalArgumentException.class, () -> seq().missing(type("A"), by()).maxSpanMillis(5).build());
            assertThrows(IllegalArgumentException.class,
                    () -> seq().stage(type("A"), by()).missing(type("B"), by()).build());
            assertThrows(IllegalArgumentException.class, () -> seq().maxSpanMillis(0));
        }
    }

    @Nested
    class MaxSpan {
        @Test
        void equalToMaxspanIsAllowed() {
            assertEquals(List.of(1, 2), run(ab().maxSpanMillis(10), a(1, 0), b(2, 10)));
            assertEquals(List.of(), run(ab().maxSpanMillis(9), a(1, 0), b(2, 10)));
        }

        @Test
        void measuredFromTheFirstEvent() {
            SequenceSpec.Builder<Ev> abc = seq().stage(type("A"), by()).stage(type("B"), by()).stage(type("C"), by());
            assertEquals(List.of(1, 2, 3), run(abc.maxSpanMillis(10), a(1, 0), b(2, 5), c(3, 10)));
            SequenceSpec.Builder<Ev> abc2 = seq().stage(type("A"), by()).stage(type("B"), by()).stage(type("C"), by());
            assertEquals(List.of(), run(abc2.maxSpanMillis(10), a(1, 0), b(2, 6), c(3, 11)));
        }

        @Test
        void expiredSequenceDoesNotBlockANewerOne() {
            assertEquals(List.of(3, 4), run(ab().maxSpanMillis(10), a(1, 0), a(3, 15), b(4, 20)));
        }
    }

    @Nested
    class Until {
        SequenceSpec.Builder<Ev> spec() {
            return seq().stage(type("A"), by("k")).stage(type("B"), by("k")).until(type("U"), by("k"));
        }

        Ev e(int id, String type, String key) {
            return ev(id, id, "event_type", type, "k", key);
        }

        @Test
        void untilWithSameKeyDropsPendingSequence() {
            assertEquals(List.of(), run(spec(), e(1, "A", "x"), e(2, "U", "x"), e(3, "B", "x")));
        }

        @Test
        void untilWithOtherKeyDoesNothing() {
            assertEquals(List.of(1, 3), run(spec(), e(1, "A", "x"), e(2, "U", "y"), e(3, "B", "x")));
        }

        @Test
        void untilAfterCompletionDoesNothing() {
            assertEquals(List.of(1, 2), run(spec(), e(1, "A", "x"), e(2, "B", "x"), e(3, "U", "x")));
        }

        @Test
        void sequencesStartedAfterUntilMatch() {
            assertEquals(List.of(3, 4), run(spec(), e(1, "A", "x"), e(2, "U", "x"), e(3, "A", "x"), e(4, "B", "x")));
        }

        @Test
        void untilEventThatCompletesStillCompletes() {
            SequenceSpec.Builder<Ev> s = seq().stage(type("A"), by()).stage(is("role", "b"), by()).until(is("role", "u"), by());
            Ev both = ev(2, 2, "role", List.of("b", "u"));
            assertEquals(List.of(1, 2), run(s, a(1, 1), both));
        }

        @Test
        void untilEventThatStartsASequenceKillsIt() {
            SequenceSpec.Builder<Ev> s = seq().stage(is("role", "a"), by()).stage(type("B"), by()).until(is("role", "u"), by());
            Ev both = ev(1, 1, "role", List.of("a", "u"));
            assertEquals(List.of(), run(s, both, b(2, 2)));
        }
    }

    @Nested
    class JoinKeyValues {
        /** The events of es data/extra.data (subset of fields), ordered by (@timestamp, sequence). */
        List<Ev> extra() {
            List<Ev> events = new ArrayList<>(List.of(
                    ev(1, 1, "event_type", "REQUEST", "tags", List.of("tag1", "tag2")),
                    ev(2, 2, "event_type", "ERROR", "tags", "tag1"),
                    ev(3, 3, "event_type", "STAT", "tags", List.of("tag3", "tag4")),
                    ev(4, 10, "event_type", "REQUEST", "tags", List.of("tag3", "tag4")),
                    ev(5, 11, "event_type", "ERROR"),
                    ev(6, 11, "event_type", "STAT"),
                    ev(10, 1, "event_type", "process", "tags", "tag6", "optional_tags", Arrays.asList("tag1", null, null)),
                    ev(11, 1, "event_type", "process", "tags", List.of("tag5", "tag6"), "optional_tags", Arrays.asList((Object) null)),
                    ev(12, 2, "event_type", "process", "tags_with_duplicates", List.of("tag1", "tag1", "tag2")),
                    ev(13, 3, "event_type", "file", "tags_with_duplicates", List.of("tag1", "tag2", "tag2")),
                    ev(14, 4, "event_type", "file", "tags_unordered", List.of("tag5", "tag1", "tag2")),
                    ev(15, 5, "event_type", "file", "tags_unordered", List.of("tag7", "tag1", "tag5")),
                    ev(16, 6, "event_type", "file", "tags_with_null", Arrays.asList("tag1", null, "tag2")),
                    ev(17, 6, "event_type", "file", "tags_with_null", null),
                    ev(18, 7, "event_type", "process", "tags_with_null", Arrays.asList((Object) null), "optional_tags", "tag10"),
                    ev(19, 8, "event_type", "file", "tags_with_null", List.of("tag1")),
                    ev(20, 9, "event_type", "file", "tags_with_null", "tag2"),
                    ev(21, 10, "event_type", "file"),
                    ev(22, 11, "event_type", "file", "tags", List.of()),
                    ev(23, 12, "event_type", "file", "tags", List.of("tag1", "tag3", "tag4"))));
            return Ordering.sortByOrdinal(events, Ev::ordinal);
        }

        List<SequenceMatch<Ev>> match(Predicate<Ev> first, Predicate<Ev> second, String... keys) {
            return SequenceMatcher.run(seq().stage(first, by(keys)).stage(second, by(keys)).build(), extra());
        }

        @Test
        void oneToMany() {
            List<SequenceMatch<Ev>> m = match(type("REQUEST"), type("ERROR"), "tags");
            assertEquals(List.of(1, 2), Ids.ofMatches(m));
            assertEquals(List.of("tag1"), Ids.keysOfMatches(m));
        }

        @Test
        void manyToOne() {
            List<SequenceMatch<Ev>> m = match(type("process"), type("process"), "tags");
            assertEquals(List.of(10, 11), Ids.ofMatches(m));
            assertEquals(List.of("tag6"), Ids.keysOfMatches(m));
        }

        @Test
        void duplicateValuesCollapseAndEachValueIsAKey() {
            List<SequenceMatch<Ev>> m = match(type("process"), type("file"), "tags_with_duplicates");
            assertEquals(List.of(12, 13, 12, 13), Ids.ofMatches(m));
            assertEquals(List.of("tag1", "tag2"), Ids.keysOfMatches(m));
        }

        @Test
        void nullElementsAreIgnored() {
            List<SequenceMatch<Ev>> m = match(type("file"), type("file"), "tags_with_null");
            assertEquals(List.of(16, 19, 16, 20), Ids.ofMatches(m));
            assertEquals(List.of("tag1", "tag2"), Ids.keysOfMatches(m));
        }

        @Test
        void optionalKeyAllowsNull() {
            List<SequenceMatch<Ev>> m = match(type("process"), type("process"), "?optional_tags");
            assertEquals(List.of(11, 12), Ids.ofMatches(m));
            assertEquals(Arrays.asList((Object) null), Ids.keysOfMatches(m));
        }

        @Test
        void multiValuedPlusOptional() {
            List<SequenceMatch<Ev>> m = match(type("REQUEST"), type("ERROR"), "tags", "?optional_tags");
            assertEquals(List.of(1, 2), Ids.ofMatches(m));
            assertEquals(Arrays.asList("tag1", null), Ids.keysOfMatches(m));
            List<SequenceMatch<Ev>> m2 = match(type("REQUEST"), type("ERROR"), "?optional_tags", "tags");
            assertEquals(Arrays.asList(null, "tag1"), Ids.keysOfMatches(m2));
        }

        @Test
        void fanOutHelper() {
            assertEquals(List.of(List.of("a", 1L), List.of("a", 2L), List.of("b", 1L), List.of("b", 2L)),
                    JoinKeys.fanOut(List.of(List.of("a", "b", "a"), List.of(1L, 2L))));
            assertEquals(List.of(), JoinKeys.fanOut(List.of(List.of("a"), List.of())));
            assertEquals(List.of(Arrays.asList("a", null)),
                    JoinKeys.fanOut(List.of(List.of("a"), Arrays.asList((Object) null)), false, true));
            assertEquals(JoinKeys.NO_KEY, JoinKeys.fanOut(List.of()));
        }
    }

    @Nested
    class Output {
        SequenceSpec.Builder<Ev> keyed() {
            return seq().stage(type("A"), by("k")).stage(type("B"), by("k"));
        }

        Ev[] crossing() {
            return new Ev[] {
                ev(1, 1, "event_type", "A", "k", "x"),
                ev(2, 2, "event_type", "A", "k", "y"),
                ev(3, 3, "event_type", "B", "k", "y"),
                ev(4, 10, "event_type", "B", "k", "x")};
        }

        @Test
        void matchesAreOrderedByFirstEvent() {
            assertEquals(List.of(1, 4, 2, 3), run(keyed(), crossing()));
        }

        @Test
        void matchIsHeldBackWhileAnEarlierSequenceIsPending() {
            List<SequenceMatch<Ev>> out = new ArrayList<>();
            SequenceMatcher<Ev> m = new SequenceMatcher<>(keyed().build(), out::add);
            Ev[] events = crossing();
            m.accept(events[0]);
            m.accept(events[1]);
            m.accept(events[2]);
            assertEquals(List.of(), out, "y's match waits for x's earlier sequence");
            m.accept(events[3]);
            assertEquals(List.of(1, 4, 2, 3), Ids.ofMatches(out));
        }

        @Test
        void completionOrderEmitsImmediately() {
            assertEquals(List.of(2, 3, 1, 4), run(keyed().emitInCompletionOrder(), crossing()));
        }

        @Test
        void drainRequiresCollectingMatcher() {
            SequenceMatcher<Ev> m = new SequenceMatcher<>(keyed().build(), x -> { });
            assertThrows(IllegalStateException.class, m::drain);
            m.finish();
            assertThrows(IllegalStateException.class, () -> m.accept(a(1, 1)));
        }
    }
}
