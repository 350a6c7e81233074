package dev.ruleport.ir;

import dev.ruleport.diag.Span;

/**
 * A {@code maxspan} value as written: an amount and a unit among {@code ms s m h d}, at most
 * {@link #MAX_MILLIS} in all (the parser refuses longer ones, so {@link #millis()} never overflows).
 */
public record TimeSpan(long amount, Unit unit, Span span) {
    /**
     * The longest maxspan: the most 100-nanosecond ticks a signed 64-bit count holds (about 29,227
     * years), the range of Kusto's and .NET's {@code timespan}, so that every target can write it.
     * Elasticsearch itself saturates an overflowing interval to the longest it can hold; refusing
     * such a number instead is the decision here (issue #19: one error, in {@code check} too, rather
     * than a value each target reads differently).
     */
    public static final long MAX_MILLIS = Long.MAX_VALUE / 10_000;

    public enum Unit {
        MS("ms", 1L), S("s", 1000L), M("m", 60_000L), H("h", 3_600_000L), D("d", 86_400_000L);

        private final String symbol;
        private final long millis;
        Unit(String symbol, long millis) { this.symbol = symbol; this.millis = millis; }
        public String symbol() { return symbol; }
        public long millis() { return millis; }
    }

    public long millis() { return amount * unit.millis(); }

    @Override public String toString() { return amount + unit.symbol(); }
}
