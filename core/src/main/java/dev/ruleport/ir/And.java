package dev.ruleport.ir;

import dev.ruleport.diag.Span;
import java.util.List;

/** Conjunction, flattened: never directly contains another {@code And}. */
public record And(List<Expr> operands, Span span) implements Expr {
    public And { operands = List.copyOf(operands); }

    @Override public <R> R accept(ExprVisitor<R> v) { return v.visitAnd(this); }
}
