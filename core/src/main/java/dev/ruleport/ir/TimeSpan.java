package dev.ruleport.ir;

import dev.ruleport.diag.Span;

/** A {@code maxspan} value as written: an amount and a unit among {@code ms s m h d}. */
public record TimeSpan(long amount, Unit unit, Span span) {
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
