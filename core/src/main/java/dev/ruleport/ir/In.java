package dev.ruleport.ir;

import dev.ruleport.diag.Span;
import java.util.List;

/**
 * Set membership: {@code in} is case-sensitive, {@code in~} case-insensitive; in both, {@code *} and
 * {@code ?} are literal characters. {@code x not in (...)} is built as {@code Not(In)}.
 */
public record In(Expr subject, List<Expr> values, boolean caseInsensitive, Span span) implements Expr {
    public In { values = List.copyOf(values); }

    @Override public <R> R accept(ExprVisitor<R> v) { return v.visitIn(this); }
}
