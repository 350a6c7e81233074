package dev.ruleport.ir;

import dev.ruleport.diag.Span;
import java.util.List;

/** A whole EQL statement: an event query, a sequence or a sample, with its pipes. */
public sealed interface Query permits EventQuery, SequenceQuery, SampleQuery {
    List<Pipe> pipes();

    Span span();

    <R> R accept(QueryVisitor<R> visitor);
}
