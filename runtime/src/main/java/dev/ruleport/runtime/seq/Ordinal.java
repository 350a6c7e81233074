package dev.ruleport.runtime.seq;

import java.util.Comparator;
import java.util.Objects;

/**
 * The position of an event in EQL's default order: timestamp (epoch milliseconds) ascending, then the
 * optional tiebreaker ascending, then an implicit position (typically the event's index in its input)
 * as the last resort.
 *
 * <p>A {@code null} tiebreaker sorts <em>before</em> any non-null tiebreaker with the same timestamp
 * (Elasticsearch {@code Ordinal} at f1c310a2; note that some later Elasticsearch versions sort it last).
 * Tiebreakers of different numeric classes ({@code Integer} vs {@code Long}) are compared by value;
 * other tiebreakers must be mutually {@link Comparable}.
 *
 * @param timestamp  epoch milliseconds
 * @param tiebreaker optional tiebreaker value, may be {@code null}
 * @param position   implicit last-resort key (input position); use 0 when not known
 */
public record Ordinal(long timestamp, Comparable<?> tiebreaker, long position) implements Comparable<Ordinal> {

    /** The natural order of ordinals, as a comparator. */
    public static final Comparator<Ordinal> ORDER = Comparator.naturalOrder();

    /** An ordinal with a timestamp only. */
    public static Ordinal of(long timestamp) {
        return new Ordinal(timestamp, null, 0L);
    }

    /** An ordinal with a timestamp and a tiebreaker (may be {@code null}). */
    public static Ordinal of(long timestamp, Comparable<?> tiebreaker) {
        return new Ordinal(timestamp, tiebreaker, 0L);
    }

    /** An ordinal with all three keys. */
    public static Ordinal of(long timestamp, Comparable<?> tiebreaker, long position) {
        return new Ordinal(timestamp, tiebreaker, position);
    }

    /** This ordinal with another implicit position. */
    public Ordinal withPosition(long newPosition) {
        return newPosition == position ? this : new Ordinal(timestamp, tiebreaker, newPosition);
    }

    @Override
    public int compareTo(Ordinal o) {
        int c = Long.compare(timestamp, o.timestamp);
        if (c != 0) {
            return c;
        }
        c = compareTiebreakers(tiebreaker, o.tiebreaker);
        if (c != 0) {
            return c;
        }
        return Long.compare(position, o.position);
    }

    /** True if this ordinal sorts strictly before {@code other}. */
    public boolean before(Ordinal other) {
        return compareTo(other) < 0;
    }

    /** True if this ordinal sorts strictly after {@code other}. */
    public boolean after(Ordinal other) {
        return compareTo(other) > 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareTiebreakers(Comparable<?> a, Comparable<?> b) {
        if (a == b) {
            return 0;
        }
        if (a == null) {
            return -1; // null tiebreaker sorts first
        }
        if (b == null) {
            return 1;
        }
        if (a instanceof Number na && b instanceof Number nb && a.getClass() != b.getClass()) {
            if (isIntegral(na) && isIntegral(nb)) {
                return Long.compare(na.longValue(), nb.longValue());
            }
            return Double.compare(na.doubleValue(), nb.doubleValue());
        }
        return ((Comparable) a).compareTo(b);
    }

    static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    @Override
    public String toString() {
        return "[" + timestamp + "][" + Objects.toString(tiebreaker, "") + "][" + position + "]";
    }
}
