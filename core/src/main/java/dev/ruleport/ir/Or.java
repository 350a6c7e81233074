package dev.ruleport.ir;

import dev.ruleport.diag.Span;
import java.util.List;

/** Disjunction, flattened: never directly contains another {@code Or}. */
public record Or(List<Expr> operands, Span span) implements Expr {
    public Or { operands = List.copyOf(operands); }

    @Override public <R> R accept(ExprVisitor<R> v) { return v.visitOr(this); }
}
