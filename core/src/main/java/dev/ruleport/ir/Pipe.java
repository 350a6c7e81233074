package dev.ruleport.ir;

import dev.ruleport.diag.Span;

/** {@code | head N} or {@code | tail N}, the only pipes Elasticsearch executes. */
public record Pipe(Kind kind, int count, Span span) {
    public enum Kind { HEAD, TAIL }

    @Override public String toString() { return kind.name().toLowerCase() + " " + count; }
}
