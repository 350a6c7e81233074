package dev.ruleport.ir;

import dev.ruleport.diag.Span;

/** {@code ==} (case-sensitive, {@code *} literal), {@code !=}, and the orderings. */
public record Compare(Op op, Expr left, Expr right, Span span) implements Expr {
    public enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;
        Op(String symbol) { this.symbol = symbol; }
        public String symbol() { return symbol; }
    }

    @Override public <R> R accept(ExprVisitor<R> v) { return v.visitCompare(this); }
}
