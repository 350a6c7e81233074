package dev.ruleport.ir;

import dev.ruleport.diag.Span;

/**
 * An EQL expression. Records; every node keeps its source {@link Span}, which never takes part in
 * equality. Exhaustive handling goes through {@link ExprVisitor}.
 */
public sealed interface Expr
        permits Literal, FieldRef, And, Or, Not, Compare, Match, In, Call, Arithmetic, Negate {
    Span span();

    <R> R accept(ExprVisitor<R> visitor);
}
