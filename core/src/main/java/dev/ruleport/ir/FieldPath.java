package dev.ruleport.ir;

import java.util.List;

/**
 * A field name as segments: {@code process.parent.name} is [process, parent, name]. Backtick-quoted
 * segments may hold dots or any other text; an array index {@code [0]} is a segment "[0]"
 * ({@link #isIndex(String)}).
 */
public record FieldPath(List<String> segments) {
    public FieldPath {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) throw new IllegalArgumentException("empty field path");
    }

    public static FieldPath parse(String dotted) { return new FieldPath(List.of(dotted.split("\\."))); }

    public static boolean isIndex(String segment) { return segment.startsWith("[") && segment.endsWith("]"); }

    /** The dotted name as Elasticsearch and ECS write it (index segments appended as {@code [n]}). */
    public String dotted() {
        StringBuilder sb = new StringBuilder();
        for (String s : segments) {
            if (!sb.isEmpty() && !isIndex(s)) sb.append('.');
            sb.append(s);
        }
        return sb.toString();
    }

    @Override public String toString() { return dotted(); }
}
