package dev.ruleport.runtime.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OrdinalTest {

    @Test
    void timestampThenTiebreakerThenPosition() {
        assertTrue(Ordinal.of(1, 9L).before(Ordinal.of(2, 1L)));
        assertTrue(Ordinal.of(1, 1L).before(Ordinal.of(1, 2L)));
        assertTrue(Ordinal.of(1, 1L, 5).after(Ordinal.of(1, 1L, 4)));
        assertEquals(0, Ordinal.of(1, 1L).compareTo(Ordinal.of(1, 1L)));
    }

    @Test
    void nullTiebreakerSortsFirst() {
        assertTrue(Ordinal.of(1, null).before(Ordinal.of(1, 0L)));
        assertTrue(Ordinal.of(1, null).before(Ordinal.of(1, "a")));
        assertTrue(Ordinal.of(1, null, 1).after(Ordinal.of(1, null, 0)));
    }

    @Test
    void mixedNumericTiebreakersCompareByValue() {
        assertTrue(Ordinal.of(1, 2).before(Ordinal.of(1, 10L)));
        assertTrue(Ordinal.of(1, 2.5).before(Ordinal.of(1, 3)));
    }

    @Test
    void sortIsStable() {
        record E(String name, long ts) {
        }
        List<E> in = List.of(new E("c", 2), new E("a", 1), new E("b", 2), new E("d", 1));
        List<E> out = Ordering.sortByOrdinal(in, e -> Ordinal.of(e.ts()));
        assertEquals(List.of("a", "d", "c", "b"), out.stream().map(E::name).toList());
    }
}
