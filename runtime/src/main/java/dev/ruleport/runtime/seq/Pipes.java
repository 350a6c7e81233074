package dev.ruleport.runtime.seq;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code head}/{@code tail} pipes and the implicit {@code size} limit over a result list in ascending
 * (default) order. Results are always returned ascending: {@code tail N} keeps the last N in their
 * original order. Pipes compose left to right: {@code tail 10 | head 7} is the first 7 of the last 10.
 *
 * <p>Like Elasticsearch, the request {@code size} is the implicit limit of a query that has no
 * {@code head}/{@code tail} pipe; when the query has pipes, they decide the limit. For sequences, the
 * pipes select among all matches in order of their first event. For bounded memory over a stream use
 * {@link ResultWindow}.
 */
public final class Pipes {

    /** Value for "no request size". */
    public static final int NO_SIZE = -1;

    private Pipes() {
    }

    /** The first {@code n} results (a copy). */
    public static <T> List<T> head(List<T> ascending, int n) {
        checkCount(n);
        return new ArrayList<>(ascending.subList(0, Math.min(n, ascending.size())));
    }

    /** The last {@code n} results, still ascending (a copy). */
    public static <T> List<T> tail(List<T> ascending, int n) {
        checkCount(n);
        int size = ascending.size();
        return new ArrayList<>(ascending.subList(Math.max(0, size - n), size));
    }

    /** Applies {@code pipes} in order. */
    public static <T> List<T> apply(List<T> ascending, List<Pipe> pipes) {
        List<T> out = ascending;
        for (Pipe p : pipes) {
            out = p.kind() == Pipe.Kind.HEAD ? head(out, p.count()) : tail(out, p.count());
        }
        return out == ascending ? new ArrayList<>(ascending) : out;
    }

    /**
     * Applies {@code pipes}, or, when there are none, the implicit limit {@code size}
     * ({@link #NO_SIZE} for none).
     */
    public static <T> List<T> apply(List<T> ascending, List<Pipe> pipes, int size) {
        if (pipes.isEmpty() && size != NO_SIZE) {
            return head(ascending, size);
        }
        return apply(ascending, pipes);
    }

    static void checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + n);
        }
    }
}
