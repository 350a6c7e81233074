package dev.ruleport.ir;

import dev.ruleport.diag.Span;

/** A reference to an event field; {@code optional} for {@code ?field} (absent from the mapping is not an error). */
public record FieldRef(FieldPath path, boolean optional, Span span) implements Expr {
    public String name() { return path.dotted(); }

    @Override public <R> R accept(ExprVisitor<R> v) { return v.visitField(this); }
}
