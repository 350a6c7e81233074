package dev.ruleport.ir;

import java.util.List;

/**
 * A field name as segments: {@code process.parent.name} is [process, parent, name]. Backtick-quoted
 * segments may hold dots or any other text; an array index {@code [0]} is a segment "[0]"
 * ({@link #isIndex(String)}).
 *
 * <p>A value class (equal when the segments are; the hash code is the segments' as a record's was), not a record: the
 * dotted name, asked for wherever a field is looked up or written, is computed once.
 */
public final class FieldPath {
    private final List<String> segments;
    private String dotted;   // computed on first use; racy but idempotent
    private int hash;        // 0: not computed yet
    private boolean hashIsZero;

    public FieldPath(List<String> segments) {
        this.segments = List.copyOf(segments);
        if (this.segments.isEmpty()) throw new IllegalArgumentException("empty field path");
    }

    public static FieldPath parse(String dotted) { return new FieldPath(List.of(dotted.split("\\."))); }

    public static boolean isIndex(String segment) { return segment.startsWith("[") && segment.endsWith("]"); }

    public List<String> segments() { return segments; }

    /** The dotted name as Elasticsearch and ECS write it (index segments appended as {@code [n]}). */
    public String dotted() {
        String d = dotted;
        if (d == null) {
            if (segments.size() == 1) {
                d = segments.get(0);
            } else {
                StringBuilder sb = new StringBuilder();
                for (String s : segments) {
                    if (!sb.isEmpty() && !isIndex(s)) sb.append('.');
                    sb.append(s);
                }
                d = sb.toString();
            }
            dotted = d;
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof FieldPath p && segments.equals(p.segments));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && !hashIsZero) {
            h = segments.hashCode();
            if (h == 0) hashIsZero = true; else hash = h;
        }
        return h;
    }

    @Override public String toString() { return dotted(); }
}
