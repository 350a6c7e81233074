package dev.ruleport.ir;

import dev.ruleport.diag.Span;
import java.util.ArrayList;
import java.util.List;

/** {@code sample [by keys] term...}: unordered groups sharing key values, one event per term. */
public record SampleQuery(List<Expr> keys, List<SampleTerm> terms, List<Pipe> pipes, Span span) implements Query {
    public SampleQuery {
        keys = List.copyOf(keys);
        terms = List.copyOf(terms);
        pipes = List.copyOf(pipes);
    }

    public List<Expr> joinKeys(SampleTerm term) {
        List<Expr> all = new ArrayList<>(keys);
        all.addAll(term.keys());
        return all;
    }

    @Override public <R> R accept(QueryVisitor<R> v) { return v.visitSample(this); }
}
