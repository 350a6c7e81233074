package dev.ruleport.ir;

import dev.ruleport.diag.Span;
import java.util.List;

/**
 * One stage of a sequence: its filter, its own join keys (appended to the header keys, matched by
 * position), {@code runs} (the term stands for that many consecutive stages) and whether it is a
 * missing-event term {@code ![...]}.
 */
public record SequenceTerm(Filter filter, List<Expr> keys, int runs, boolean missing, Span span) {
    public SequenceTerm { keys = List.copyOf(keys); }
}
