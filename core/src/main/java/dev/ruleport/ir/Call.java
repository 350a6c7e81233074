package dev.ruleport.ir;

import dev.ruleport.diag.Span;
import java.util.List;

/** A function call; {@code caseInsensitive} for the {@code fn~(...)} variant. */
public record Call(Function function, boolean caseInsensitive, List<Expr> args, Span span) implements Expr {
    public Call { args = List.copyOf(args); }

    @Override public <R> R accept(ExprVisitor<R> v) { return v.visitCall(this); }
}
