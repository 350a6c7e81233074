package dev.ruleport.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An EQL wildcard pattern ({@code :}, {@code like}, {@code like~}), compiled once.
 *
 * <p>Semantics (Elasticsearch): the pattern must match the <em>whole</em> value. {@code *} matches
 * any run of characters, possibly empty; {@code ?} matches exactly one character. There is no escape
 * syntax: EQL rewrites {@code *}/{@code ?} to a LIKE pattern whose escape character is U+0001, so a
 * backslash in an EQL wildcard is an ordinary character and a literal {@code *} or {@code ?} cannot
 * be written (use {@code ==}).
 *
 * <p><b>Decision: {@code ?} is one Unicode code point</b>, not one UTF-16 unit: Lucene's
 * WildcardQuery automaton works on code points, so {@code "?"} matches {@code "😀"} (a surrogate
 * pair) and {@code "??"} does not.
 *
 * <p><b>Decision: case-insensitive matching folds ASCII only</b> ({@link CaseFold}).
 *
 * <p>Matching never backtracks: the pattern is split on {@code *} into segments (each may contain
 * {@code ?}, which is fixed width in code points); the first segment is anchored at the start, the
 * last at the end, and each middle segment is placed at its leftmost occurrence after the previous
 * one. Leftmost placement is optimal because a segment placed earlier leaves a longer suffix for the
 * rest. Cost is O(value length × segment length) in the worst case.
 */
public final class WildcardPattern {

    /** What a code generator can emit instead of a general wildcard or regex. */
    public enum Shape {
        /** No wildcards: whole-value equality with {@link #literal()}. */
        EXACT,
        /** {@code literal*}: starts with {@link #literal()}. The pattern {@code *} is PREFIX of "". */
        PREFIX,
        /** {@code *literal}: ends with {@link #literal()}. */
        SUFFIX,
        /** {@code *literal*}: contains {@link #literal()} (non-empty). */
        CONTAINS,
        /** Anything else (a {@code ?}, or several literal segments). */
        GENERAL
    }

    private final String pattern;
    private final boolean caseInsensitive;
    private final List<String> segments; // as written (case preserved), stars collapsed
    private final String[] match;        // segments folded when case-insensitive
    private final boolean[] hasAnyChar;  // segment contains '?'
    private final Shape shape;
    private final String literal;

    private WildcardPattern(String pattern, boolean caseInsensitive) {
        this.pattern = pattern;
        this.caseInsensitive = caseInsensitive;
        String[] raw = pattern.split("\\*", -1);
        List<String> segs = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            // consecutive stars mean the same as one: drop empty middle segments
            if (i == 0 || i == raw.length - 1 || !raw[i].isEmpty()) {
                segs.add(raw[i]);
            }
        }
        this.segments = Collections.unmodifiableList(segs);
        this.match = new String[segs.size()];
        this.hasAnyChar = new boolean[segs.size()];
        for (int i = 0; i < segs.size(); i++) {
            match[i] = caseInsensitive ? CaseFold.fold(segs.get(i)) : segs.get(i);
            hasAnyChar[i] = segs.get(i).indexOf('?') >= 0;
        }
        boolean anyQ = pattern.indexOf('?') >= 0;
        int n = segs.size();
        if (anyQ) {
            shape = Shape.GENERAL;
        } else if (n == 1) {
            shape = Shape.EXACT;
        } else if (n == 2 && segs.get(1).isEmpty()) {
            shape = Shape.PREFIX;
        } else if (n == 2 && segs.get(0).isEmpty()) {
            shape = Shape.SUFFIX;
        } else if (n == 3 && segs.get(0).isEmpty() && segs.get(2).isEmpty()) {
            shape = Shape.CONTAINS;
        } else {
            shape = Shape.GENERAL;
        }
        literal = switch (shape) {
            case EXACT, PREFIX -> segs.get(0);
            case SUFFIX -> segs.get(1);
            case CONTAINS -> segs.get(1);
            case GENERAL -> null;
        };
    }

    /** Compiles a pattern; {@code caseInsensitive} is true for {@code :} and {@code like~}. */
    public static WildcardPattern compile(String pattern, boolean caseInsensitive) {
        return new WildcardPattern(Objects.requireNonNull(pattern, "pattern"), caseInsensitive);
    }

    /** Whether the whole {@code value} matches. A null value does not match. */
    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        String v = caseInsensitive ? CaseFold.fold(value) : value;
        int last = match.length - 1;
        if (last == 0) {
            return hasAnyChar[0] ? matchForward(0, v, 0, v.length()) == v.length() : v.equals(match[0]);
        }
        int start = 0;
        int end = v.length();
        if (!match[0].isEmpty()) {
            start = matchForward(0, v, 0, end);
            if (start < 0) {
                return false;
            }
        }
        if (!match[last].isEmpty()) {
            end = matchBackward(last, v, end, start);
            if (end < 0) {
                return false;
            }
        }
        for (int m = 1; m < last; m++) {
            start = find(m, v, start, end);
            if (start < 0) {
                return false;
            }
        }
        return true;
    }

    /** Matches segment {@code s} at {@code from}, not past {@code limit}; returns its end or -1. */
    private int matchForward(int s, String v, int from, int limit) {
        String seg = match[s];
        if (!hasAnyChar[s]) {
            return from + seg.length() <= limit && v.startsWith(seg, from) ? from + seg.length() : -1;
        }
        int p = from;
        for (int i = 0; i < seg.length(); ) {
            int pc = seg.codePointAt(i);
            i += Character.charCount(pc);
            if (p >= limit) {
                return -1;
            }
            int vc = v.codePointAt(p);
            if (pc != '?' && pc != vc) {
                return -1;
            }
            p += Character.charCount(vc);
        }
        return p <= limit ? p : -1;
    }

    /** Matches segment {@code s} ending at {@code end}, not before {@code floor}; returns its start or -1. */
    private int matchBackward(int s, String v, int end, int floor) {
        String seg = match[s];
        if (!hasAnyChar[s]) {
            int st = end - seg.length();
            return st >= floor && v.startsWith(seg, st) ? st : -1;
        }
        int p = end;
        for (int i = seg.length(); i > 0; ) {
            int pc = seg.codePointBefore(i);
            i -= Character.charCount(pc);
            if (p <= floor) {
                return -1;
            }
            int vc = v.codePointBefore(p);
            if (pc != '?' && pc != vc) {
                return -1;
            }
            p -= Character.charCount(vc);
        }
        return p >= floor ? p : -1;
    }

    /** Leftmost placement of middle segment {@code s} in [from, limit); returns its end or -1. */
    private int find(int s, String v, int from, int limit) {
        String seg = match[s];
        if (!hasAnyChar[s]) {
            int at = v.indexOf(seg, from);
            return at >= 0 && at + seg.length() <= limit ? at + seg.length() : -1;
        }
        int firstChar = seg.codePointAt(0);
        int p = from;
        while (p < limit) {
            if (firstChar != '?') {
                p = v.indexOf(firstChar, p); // skip to the next candidate start
                if (p < 0 || p >= limit) {
                    return -1;
                }
            }
            int e = matchForward(s, v, p, limit);
            if (e >= 0) {
                return e;
            }
            p += Character.charCount(v.codePointAt(p));
        }
        return -1;
    }

    /** The pattern text as compiled. */
    public String pattern() {
        return pattern;
    }

    public boolean caseInsensitive() {
        return caseInsensitive;
    }

    public Shape shape() {
        return shape;
    }

    /**
     * The literal for EXACT, PREFIX, SUFFIX and CONTAINS shapes, with its case as written (apply
     * {@link CaseFold} on both sides when {@link #caseInsensitive()}).
     *
     * @throws IllegalStateException for GENERAL
     */
    public String literal() {
        if (literal == null) {
            throw new IllegalStateException("a GENERAL wildcard has no single literal: " + pattern);
        }
        return literal;
    }

    /**
     * The pattern split on {@code *} (runs of stars collapsed); segments may contain {@code ?}. The
     * first and last segments are anchored (empty when the pattern starts/ends with {@code *}).
     */
    public List<String> segments() {
        return segments;
    }

    /** Whether the pattern contains {@code *} or {@code ?}. */
    public boolean hasWildcards() {
        return shape != Shape.EXACT;
    }

    /**
     * The pattern as regex source: {@code (?s)^...$}, with {@code (?si)} when case-insensitive.
     * Literals are backslash-escaped ({@link RegexQuoting}), {@code ?} is {@code .} and {@code *} is
     * {@code .*}; {@code (?s)} makes {@code .} match line terminators too. In java.util.regex and
     * PCRE, {@code (?i)} without a Unicode flag folds ASCII only, as EQL does; RE2 (Kusto) folds all
     * of Unicode, and {@code $} may match before a final line terminator in Java/PCRE when used with
     * find(): backends that need those details exact must handle them.
     */
    public String toRegex() {
        StringBuilder sb = new StringBuilder(pattern.length() + 16);
        sb.append(caseInsensitive ? "(?si)^" : "(?s)^");
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                sb.append(".*");
            }
            String seg = segments.get(i);
            for (int j = 0; j < seg.length(); ) {
                int cp = seg.codePointAt(j);
                j += Character.charCount(cp);
                if (cp == '?') {
                    sb.append('.');
                } else {
                    RegexQuoting.appendCodePoint(sb, cp, false);
                }
            }
        }
        return sb.append('$').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WildcardPattern w && w.pattern.equals(pattern) && w.caseInsensitive == caseInsensitive;
    }

    @Override
    public int hashCode() {
        return pattern.hashCode() * 31 + (caseInsensitive ? 1 : 0);
    }

    @Override
    public String toString() {
        return (caseInsensitive ? "like~ \"" : "like \"") + pattern + "\"";
    }
}
