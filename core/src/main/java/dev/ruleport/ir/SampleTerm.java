package dev.ruleport.ir;

import dev.ruleport.diag.Span;
import java.util.List;

public record SampleTerm(Filter filter, List<Expr> keys, Span span) {
    public SampleTerm { keys = List.copyOf(keys); }
}
