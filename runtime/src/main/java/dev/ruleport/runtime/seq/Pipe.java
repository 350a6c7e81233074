package dev.ruleport.runtime.seq;

/**
 * A result pipe: {@code | head N} or {@code | tail N}.
 *
 * @param kind  head or tail
 * @param count N (&ge; 0)
 */
public record Pipe(Kind kind, int count) {

    /** The supported pipe kinds. */
    public enum Kind {
        /** The first N results. */
        HEAD,
        /** The last N results (still returned in ascending order). */
        TAIL
    }

    public Pipe {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (count < 0) {
            throw new IllegalArgumentException("pipe count must not be negative, got " + count);
        }
    }

    /** {@code | head n}. */
    public static Pipe head(int n) {
        return new Pipe(Kind.HEAD, n);
    }

    /** {@code | tail n}. */
    public static Pipe tail(int n) {
        return new Pipe(Kind.TAIL, n);
    }

    @Override
    public String toString() {
        return (kind == Kind.HEAD ? "head " : "tail ") + count;
    }
}
