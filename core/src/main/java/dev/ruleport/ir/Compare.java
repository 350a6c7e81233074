package dev.ruleport.ir;

import dev.ruleport.diag.Span;

/** {@code ==} (case-sensitive, {@code *} literal), {@code !=}, and the orderings. */
public record Compare(Op op, Expr left, Expr right, Span span) implements Expr {
    public enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;
        Op(String symbol) { this.symbol = symbol; }
        public String symbol() { return symbol; }

        /** The same test with its operands swapped: {@code a < b} is {@code b > a}. */
        public Op flip() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }

        public boolean isOrdering() { return this != EQ && this != NE; }
    }

    @Override public <R> R accept(ExprVisitor<R> v) { return v.visitCompare(this); }
}
