package dev.ruleport.ir;

import dev.ruleport.diag.Span;
import java.util.List;

/**
 * A pattern match of {@code subject} against constant patterns; the list is an OR.
 * <ul>
 *   <li>{@link Kind#COLON} {@code :} — case-insensitive whole-value wildcard match ({@code *} any run,
 *       {@code ?} exactly one character). Elasticsearch documents it as equivalent to {@code like~};
 *       it is kept apart only so that the printer writes back what the user wrote.</li>
 *   <li>{@link Kind#LIKE} {@code like}/{@code like~} — the same wildcard match, case-sensitive unless
 *       {@code caseInsensitive}.</li>
 *   <li>{@link Kind#REGEX} {@code regex}/{@code regex~} — Lucene regular expression over the whole value.</li>
 * </ul>
 * Patterns are {@link Literal}s; the builder only admits strings for LIKE and REGEX, while {@code :}
 * also admits other constants (compared as their string form).
 */
public record Match(Kind kind, Expr subject, List<Literal> patterns, boolean caseInsensitive, Span span)
        implements Expr {
    public enum Kind { COLON, LIKE, REGEX }

    public Match { patterns = List.copyOf(patterns); }

    @Override public <R> R accept(ExprVisitor<R> v) { return v.visitMatch(this); }
}
