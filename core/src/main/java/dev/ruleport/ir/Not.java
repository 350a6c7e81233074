package dev.ruleport.ir;

import dev.ruleport.diag.Span;

public record Not(Expr operand, Span span) implements Expr {
    @Override public <R> R accept(ExprVisitor<R> v) { return v.visitNot(this); }
}
