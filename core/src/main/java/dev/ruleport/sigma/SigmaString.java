package dev.ruleport.sigma;

import java.util.ArrayList;
import java.util.List;

/**
 * A Sigma string value as a list of parts: literal text and the two wildcards. Sigma (spec and pySigma) reads
 * a value so: {@code *} any run of characters, {@code ?} exactly one character, {@code \} escapes {@code *},
 * {@code ?} and {@code \}; a backslash before any other character, or at the end, is itself.
 *
 * <p>Writing ({@link #text()}): a literal {@code *}/{@code ?} becomes {@code \*}/{@code \?}; a single literal
 * backslash followed by an ordinary character stays single ({@code C:\Windows}, the usual Sigma spelling); a run
 * of two or more backslashes, or one before a wildcard, an escaped character or the end of the value, is doubled
 * ({@code \\\\server}, {@code C:\\*}, {@code C:\\}). Doubling at the end keeps a value safe when a modifier such
 * as {@code contains} appends a {@code *} (the pySigma pitfall of a trailing backslash escaping the added star).
 */
final class SigmaString {
    /** One part: a literal string, or a wildcard ({@code text} null, {@code star} says which). */
    record Part(String text, boolean star) {
        static Part literal(String s) { return new Part(s, false); }
        static final Part STAR = new Part(null, true);
        static final Part ONE = new Part(null, false);

        boolean isWildcard() { return text == null; }
    }

    private final List<Part> parts;

    private SigmaString(List<Part> parts) { this.parts = List.copyOf(parts); }

    static SigmaString of(List<Part> parts) { return new SigmaString(merge(parts)); }

    /** Literal text: every character stands for itself. */
    static SigmaString literal(String s) { return of(List.of(Part.literal(s))); }

    /** An EQL wildcard pattern ({@code :}, {@code like}): {@code *} and {@code ?} are wildcards, nothing escapes. */
    static SigmaString eqlWildcard(String pattern) {
        List<Part> out = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                if (lit.length() > 0) { out.add(Part.literal(lit.toString())); lit.setLength(0); }
                out.add(c == '*' ? Part.STAR : Part.ONE);
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) out.add(Part.literal(lit.toString()));
        return of(out);
    }

    /** Parses Sigma value text (the reader's side). */
    static SigmaString parse(String text) {
        List<Part> out = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && "*?\\".indexOf(text.charAt(i + 1)) >= 0) {
                lit.append(text.charAt(++i));
            } else if (c == '*' || c == '?') {
                if (lit.length() > 0) { out.add(Part.literal(lit.toString())); lit.setLength(0); }
                out.add(c == '*' ? Part.STAR : Part.ONE);
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) out.add(Part.literal(lit.toString()));
        return of(out);
    }

    private static List<Part> merge(List<Part> parts) {
        List<Part> out = new ArrayList<>();
        for (Part p : parts) {
            if (!p.isWildcard() && p.text().isEmpty()) continue;
            if (!p.isWildcard() && !out.isEmpty() && !out.get(out.size() - 1).isWildcard()) {
                out.set(out.size() - 1, Part.literal(out.get(out.size() - 1).text() + p.text()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    List<Part> parts() { return parts; }

    boolean hasWildcards() { return parts.stream().anyMatch(Part::isWildcard); }

    /** True when a literal part holds {@code *} or {@code ?} (EQL wildcard patterns cannot say that). */
    boolean hasLiteralWildcardChars() {
        for (Part p : parts) {
            if (!p.isWildcard() && (p.text().indexOf('*') >= 0 || p.text().indexOf('?') >= 0)) return true;
        }
        return false;
    }

    /** The characters of the pattern's literal parts. */
    String literalChars() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) if (!p.isWildcard()) sb.append(p.text());
        return sb.toString();
    }

    /** The whole value when it has no wildcards. */
    String literalText() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p.isWildcard()) throw new IllegalStateException("has wildcards");
            sb.append(p.text());
        }
        return sb.toString();
    }

    /** The EQL wildcard pattern (only valid when {@link #hasLiteralWildcardChars()} is false). */
    String eqlPattern() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) sb.append(p.isWildcard() ? (p.star() ? "*" : "?") : p.text());
        return sb.toString();
    }

    /** Which Sigma modifier spells this pattern most readably; {@link Shape#GENERAL} keeps the wildcards. */
    enum Shape { EXACT, STARTSWITH, ENDSWITH, CONTAINS, GENERAL }

    Shape shape() {
        int n = parts.size();
        if (!hasWildcards()) return Shape.EXACT;
        boolean onlyStars = parts.stream().noneMatch(p -> p.isWildcard() && !p.star());
        if (!onlyStars) return Shape.GENERAL;
        if (n == 2 && !parts.get(0).isWildcard()) return Shape.STARTSWITH;
        if (n == 2 && !parts.get(1).isWildcard()) return Shape.ENDSWITH;
        if (n == 3 && parts.get(0).isWildcard() && parts.get(2).isWildcard() && !parts.get(1).isWildcard()) return Shape.CONTAINS;
        return Shape.GENERAL;
    }

    /** The literal core of a STARTSWITH/ENDSWITH/CONTAINS shape (the wildcards the modifier adds removed). */
    SigmaString core() {
        List<Part> core = new ArrayList<>();
        for (Part p : parts) if (!p.isWildcard()) core.add(p);
        return of(core);
    }

    /** Sigma value text. */
    String text() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (p.isWildcard()) {
                sb.append(p.star() ? '*' : '?');
                continue;
            }
            String s = p.text();
            boolean nextIsWildcard = i + 1 < parts.size();
            for (int j = 0; j < s.length(); ) {
                char c = s.charAt(j);
                if (c == '\\') {
                    int k = j;
                    while (k < s.length() && s.charAt(k) == '\\') k++;
                    int run = k - j;
                    boolean special = k == s.length() ? true
                            : s.charAt(k) == '*' || s.charAt(k) == '?';
                    if (k == s.length() && !nextIsWildcard) special = true; // end of value: see class comment
                    sb.append("\\".repeat(run == 1 && !special ? 1 : run * 2));
                    j = k;
                } else {
                    if (c == '*' || c == '?') sb.append('\\');
                    sb.append(c);
                    j++;
                }
            }
        }
        return sb.toString();
    }

    @Override public boolean equals(Object o) { return o instanceof SigmaString s && s.parts.equals(parts); }
    @Override public int hashCode() { return parts.hashCode(); }
    @Override public String toString() { return text(); }
}
