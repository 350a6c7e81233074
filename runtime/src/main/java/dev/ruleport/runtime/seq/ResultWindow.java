package dev.ruleport.runtime.seq;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A bounded-memory sink that applies {@code head}/{@code tail} pipes (or the implicit size) to results
 * arriving in ascending order, e.g. as the sink of a {@link SequenceMatcher}.
 *
 * <p>Only the first pipe needs buffering: {@code head N} keeps the first N results (then
 * {@link #isFull()} lets the producer stop early), {@code tail N} keeps a ring of the last N. The
 * remaining pipes are applied to that window by {@link #results()}. Memory is bounded by the first
 * pipe's N (or the size).
 *
 * @param <T> the result type
 */
public final class ResultWindow<T> implements Consumer<T> {

    private final List<Pipe> rest;
    private final boolean headFirst;
    private final int capacity;
    private final ArrayDeque<T> window = new ArrayDeque<>();

    /**
     * A window for {@code pipes}, or for the implicit limit {@code size} when there are none
     * ({@link Pipes#NO_SIZE}: unlimited).
     */
    public ResultWindow(List<Pipe> pipes, int size) {
        if (pipes.isEmpty()) {
            headFirst = true;
            capacity = size == Pipes.NO_SIZE ? Integer.MAX_VALUE : size;
            rest = List.of();
            Pipes.checkCount(capacity);
        } else {
            Pipe first = pipes.get(0);
            headFirst = first.kind() == Pipe.Kind.HEAD;
            capacity = first.count();
            rest = List.copyOf(pipes.subList(1, pipes.size()));
        }
    }

    @Override
    public void accept(T result) {
        if (headFirst) {
            if (window.size() < capacity) {
                window.addLast(result);
            }
        } else if (capacity > 0) {
            if (window.size() == capacity) {
                window.removeFirst();
            }
            window.addLast(result);
        }
    }

    /** True when a leading {@code head} (or the size) is reached: later results are ignored. */
    public boolean isFull() {
        return headFirst && window.size() >= capacity;
    }

    /** The results, ascending, after all pipes. */
    public List<T> results() {
        return Pipes.apply(new ArrayList<>(window), rest);
    }
}
