package dev.ruleport.ir;

import dev.ruleport.diag.Span;

public record Arithmetic(Op op, Expr left, Expr right, Span span) implements Expr {
    public enum Op {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%");

        private final String symbol;
        Op(String symbol) { this.symbol = symbol; }
        public String symbol() { return symbol; }
    }

    @Override public <R> R accept(ExprVisitor<R> v) { return v.visitArithmetic(this); }
}
