package dev.ruleport.ir;

import dev.ruleport.diag.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sequence [by keys] [with maxspan=T] term... [until term]}. {@code maxspan} is null when absent.
 * Terms are kept as written ({@code runs} not expanded) so the printer can reproduce them;
 * {@link #stages()} gives the expanded list the semantics work on.
 */
public record SequenceQuery(List<Expr> keys, TimeSpan maxspan, List<SequenceTerm> terms, SequenceTerm until,
                            List<Pipe> pipes, Span span) implements Query {
    public SequenceQuery {
        keys = List.copyOf(keys);
        terms = List.copyOf(terms);
        pipes = List.copyOf(pipes);
    }

    /** The terms with {@code runs=N} expanded into N stages each. */
    public List<SequenceTerm> stages() {
        List<SequenceTerm> out = new ArrayList<>();
        for (SequenceTerm t : terms) {
            for (int i = 0; i < t.runs(); i++) out.add(t);
        }
        return out;
    }

    /** Header keys followed by the term's own keys: the full join key of that stage. */
    public List<Expr> joinKeys(SequenceTerm term) {
        List<Expr> all = new ArrayList<>(keys);
        all.addAll(term.keys());
        return all;
    }

    @Override public <R> R accept(QueryVisitor<R> v) { return v.visitSequence(this); }
}
