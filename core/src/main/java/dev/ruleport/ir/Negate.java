package dev.ruleport.ir;

import dev.ruleport.diag.Span;

/** Unary minus. */
public record Negate(Expr operand, Span span) implements Expr {
    @Override public <R> R accept(ExprVisitor<R> v) { return v.visitNegate(this); }
}
