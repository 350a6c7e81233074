package dev.ruleport.diag;

/**
 * Where an IR node came from: a range of the source text (1-based line and column of its first and
 * last character, and 0-based offsets), or a synthetic origin that says why an implied node exists.
 *
 * <p>Spans compare equal to every other span, so that IR records, whose generated
 * {@code equals}/{@code hashCode} include every component, compare by structure alone: a tree
 * parsed from {@code a == 1} equals one parsed from {@code a  ==  1}.
 */
public final class Span {
    public static final Span NONE = synthetic("no source");

    private final int line;
    private final int column;
    private final int startOffset;
    private final int endOffset;
    private final String synthetic;

    private Span(int line, int column, int startOffset, int endOffset, String synthetic) {
        this.line = line;
        this.column = column;
        this.startOffset = startOffset;
        this.endOffset = endOffset;
        this.synthetic = synthetic;
    }

    /** A span of source text: {@code line}/{@code column} 1-based, offsets 0-based, end exclusive. */
    public static Span of(int line, int column, int startOffset, int endOffset) {
        return new Span(line, column, startOffset, endOffset, null);
    }

    /** A node implied by the compiler rather than written by the user; {@code why} says what implied it. */
    public static Span synthetic(String why) {
        return new Span(0, 0, -1, -1, why);
    }

    public int line() { return line; }
    public int column() { return column; }
    public int startOffset() { return startOffset; }
    public int endOffset() { return endOffset; }
    public boolean isSynthetic() { return synthetic != null; }
    public String syntheticReason() { return synthetic; }

    /** The smallest span covering both; a synthetic side yields the other. */
    public Span to(Span end) {
        if (isSynthetic()) return end;
        if (end.isSynthetic()) return this;
        return new Span(line, column, startOffset, Math.max(endOffset, end.endOffset), null);
    }

    @Override public boolean equals(Object o) { return o instanceof Span; }
    @Override public int hashCode() { return 0; }
    @Override public String toString() {
        return isSynthetic() ? "<" + synthetic + ">" : line + ":" + column;
    }
}
