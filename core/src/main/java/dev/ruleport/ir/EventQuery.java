package dev.ruleport.ir;

import dev.ruleport.diag.Span;
import java.util.List;

public record EventQuery(Filter filter, List<Pipe> pipes, Span span) implements Query {
    public EventQuery { pipes = List.copyOf(pipes); }

    @Override public <R> R accept(QueryVisitor<R> v) { return v.visitEvent(this); }
}
