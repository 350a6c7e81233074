package dev.ruleport.runtime.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PipesTest {

    static final List<Integer> TWENTY = IntStream.rangeClosed(1, 20).boxed().collect(Collectors.toList());

    @Test
    void headAndTailStayAscending() {
        assertEquals(List.of(1, 2, 3), Pipes.head(TWENTY, 3));
        assertEquals(List.of(18, 19, 20), Pipes.tail(TWENTY, 3));
        assertEquals(TWENTY, Pipes.head(TWENTY, 50));
        assertEquals(TWENTY, Pipes.tail(TWENTY, 50));
        assertEquals(List.of(), Pipes.tail(TWENTY, 0));
    }

    @Test
    void pipesCompose() {
        assertEquals(List.of(11, 12, 13, 14, 15, 16, 17), Pipes.apply(TWENTY, List.of(Pipe.tail(10), Pipe.head(7))));
        assertEquals(List.of(8, 9, 10), Pipes.apply(TWENTY, List.of(Pipe.head(10), Pipe.tail(3))));
        assertEquals(List.of(5), Pipes.apply(TWENTY, List.of(Pipe.head(5), Pipe.tail(3), Pipe.tail(1))));
    }

    @Test
    void implicitSizeOnlyWithoutPipes() {
        assertEquals(List.of(1, 2, 3, 4, 5), Pipes.apply(TWENTY, List.of(), 5));
        assertEquals(TWENTY, Pipes.apply(TWENTY, List.of(), Pipes.NO_SIZE));
        assertEquals(List.of(11, 12, 13, 14, 15, 16, 17), Pipes.apply(TWENTY, List.of(Pipe.tail(10), Pipe.head(7)), 5));
    }

    @Test
    void resultWindowMatchesListPipes() {
        List<List<Pipe>> cases = List.of(
                List.of(Pipe.tail(10), Pipe.head(7)),
                List.of(Pipe.head(10), Pipe.tail(3)),
                List.of(Pipe.tail(0)),
                List.of(Pipe.head(0)),
                List.of(Pipe.tail(25)));
        for (List<Pipe> pipes : cases) {
            ResultWindow<Integer> w = new ResultWindow<>(pipes, 50);
            TWENTY.forEach(w);
            assertEquals(Pipes.apply(TWENTY, pipes), w.results(), pipes.toString());
        }
        ResultWindow<Integer> sized = new ResultWindow<>(List.of(), 4);
        for (Integer i : TWENTY) {
            if (sized.isFull()) {
                break;
            }
            sized.accept(i);
        }
        assertTrue(sized.isFull());
        assertEquals(List.of(1, 2, 3, 4), sized.results());
        ResultWindow<Integer> tail = new ResultWindow<>(List.of(Pipe.tail(2)), 4);
        TWENTY.forEach(tail);
        assertFalse(tail.isFull());
        assertEquals(List.of(19, 20), tail.results());
    }

    @Test
    void negativeCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Pipe.head(-1));
        assertThrows(IllegalArgumentException.class, () -> Pipes.tail(TWENTY, -1));
    }
}
