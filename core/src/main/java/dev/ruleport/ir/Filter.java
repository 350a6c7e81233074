package dev.ruleport.ir;

import dev.ruleport.diag.Span;

/** {@code category where condition}: the body of an event query or of a sequence/sample term. */
public record Filter(Category category, Expr condition, Span span) {}
