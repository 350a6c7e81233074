package dev.ruleport.spl;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole-value string test in one neutral form: literal text, {@code *} (any run) and {@code ?} (one code
 * point), case-sensitive or ASCII-case-insensitive. EQL {@code :}/{@code like} patterns, {@code ==}/{@code in}
 * values (no wildcards: their {@code *} and {@code ?} are literal text) and the literal arguments of
 * {@code startsWith}/{@code endsWith}/{@code stringContains} all become one of these, and the writer renders
 * them as a search term, a {@code like()} pattern or an anchored PCRE.
 */
record StringPattern(List<Object> tokens, boolean caseInsensitive) {
    enum Wild { STAR, ONE }

    StringPattern {
        tokens = List.copyOf(tokens);
    }

    /** An EQL wildcard pattern ({@code *}, {@code ?} special; no escapes). */
    static StringPattern wildcard(String pattern, boolean ci) {
        List<Object> toks = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < pattern.length(); ) {
            int cp = pattern.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '*' || cp == '?') {
                if (lit.length() > 0) { toks.add(lit.toString()); lit.setLength(0); }
                Wild w = cp == '*' ? Wild.STAR : Wild.ONE;
                if (w == Wild.STAR && !toks.isEmpty() && toks.get(toks.size() - 1) == Wild.STAR) continue;
                toks.add(w);
            } else {
                lit.appendCodePoint(cp);
            }
        }
        if (lit.length() > 0) toks.add(lit.toString());
        return new StringPattern(toks, ci);
    }

    static StringPattern literal(String value, boolean ci) {
        return new StringPattern(value.isEmpty() ? List.of() : List.of(value), ci);
    }

    static StringPattern prefix(String value, boolean ci) { return of(ci, value, Wild.STAR); }
    static StringPattern suffix(String value, boolean ci) { return of(ci, Wild.STAR, value); }
    static StringPattern contains(String value, boolean ci) { return of(ci, Wild.STAR, value, Wild.STAR); }

    private static StringPattern of(boolean ci, Object... toks) {
        List<Object> out = new ArrayList<>();
        for (Object t : toks) {
            if (t instanceof String s && s.isEmpty()) continue;
            if (t == Wild.STAR && !out.isEmpty() && out.get(out.size() - 1) == Wild.STAR) continue;
            out.add(t);
        }
        return new StringPattern(out, ci);
    }

    boolean hasOne() { return tokens.contains(Wild.ONE); }
    boolean hasStar() { return tokens.contains(Wild.STAR); }
    boolean isLiteral() { return !hasOne() && !hasStar(); }

    /** The literal text of a literal pattern. */
    String literalText() {
        StringBuilder sb = new StringBuilder();
        for (Object t : tokens) sb.append((String) t);
        return sb.toString();
    }

    /** All literal text (for character checks). */
    String allLiteralText() {
        StringBuilder sb = new StringBuilder();
        for (Object t : tokens) if (t instanceof String s) sb.append(s);
        return sb.toString();
    }

    /** Literal chunks only, in order. */
    List<String> literals() {
        List<String> out = new ArrayList<>();
        for (Object t : tokens) if (t instanceof String s) out.add(s);
        return out;
    }

    /**
     * PCRE text for the pattern body (no anchors, no flags). {@code anyChar} is what {@code ?} becomes and
     * {@code anyRun} what {@code *} becomes ({@code .}/{@code .*}, or a class excluding a path separator).
     */
    String regexBody(boolean foldAscii, String anyChar, String anyRun) {
        StringBuilder sb = new StringBuilder();
        for (Object t : tokens) {
            if (t == Wild.STAR) sb.append(anyRun);
            else if (t == Wild.ONE) sb.append(anyChar);
            else sb.append(SplStrings.regexLiteral((String) t, foldAscii && caseInsensitive));
        }
        return sb.toString();
    }

    /**
     * The search-language spelling (content of the quoted value before SPL quoting): {@code *} for runs;
     * null if the pattern cannot be written exactly (a {@code ?}, a literal {@code *}, or an unsafe character).
     */
    String searchExact() {
        StringBuilder sb = new StringBuilder();
        for (Object t : tokens) {
            if (t == Wild.STAR) sb.append('*');
            else if (t == Wild.ONE) return null;
            else {
                String s = (String) t;
                if (s.indexOf('*') >= 0 || !SplStrings.isPrintableAscii(s)) return null;
                sb.append(s);
            }
        }
        return sb.toString();
    }

    /**
     * A search-language pattern matching a superset of this one, case-insensitively: {@code ?} and unsafe
     * characters become {@code *}. Never null.
     */
    String searchSuperset() {
        StringBuilder sb = new StringBuilder();
        for (Object t : tokens) {
            if (t instanceof String s) {
                for (int i = 0; i < s.length(); ) {
                    int cp = s.codePointAt(i);
                    i += Character.charCount(cp);
                    if (SplStrings.unsafe(cp)) appendStar(sb);
                    else sb.appendCodePoint(cp);
                }
            } else {
                appendStar(sb);
            }
        }
        return sb.toString();
    }

    private static void appendStar(StringBuilder sb) {
        if (sb.length() == 0 || sb.charAt(sb.length() - 1) != '*') sb.append('*');
    }

    /**
     * A {@code like()} pattern when one is exact: case-sensitive, only {@code *} wildcards, literals free of
     * {@code % _ \} and unsafe characters. Null otherwise.
     */
    String likePattern() {
        if (caseInsensitive || hasOne()) return null;
        StringBuilder sb = new StringBuilder();
        for (Object t : tokens) {
            if (t == Wild.STAR) sb.append('%');
            else {
                String s = (String) t;
                if (s.indexOf('%') >= 0 || s.indexOf('_') >= 0 || s.indexOf('\\') >= 0 || !SplStrings.isSafeLiteral(s)) return null;
                sb.append(s);
            }
        }
        return sb.toString();
    }
}
