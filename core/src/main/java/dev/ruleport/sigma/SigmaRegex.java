package dev.ruleport.sigma;

import dev.ruleport.runtime.EqlRegex;

/**
 * Regular expressions between EQL (Lucene regexp, whole value) and Sigma's {@code |re} (the PCRE subset the
 * modifiers appendix allows: {@code . ^ $ * + ? {n,m} [..] [^..] ( ) |}, with backslash-escaped punctuation, and
 * the sub-modifiers {@code i}, {@code m}, {@code s}; a Sigma regex searches, so whole-value matching is spelled
 * with {@code ^...$}).
 *
 * <p>EQL to Sigma goes through {@link EqlRegex#javaRegex()}, which already expands Lucene's predefined classes,
 * numeric intervals and case expansions ({@code [aA]}) into plain classes; what is left outside the subset is
 * refused: lookarounds (from Lucene {@code ~}, {@code &}, {@code #}). Control characters are written as the
 * characters themselves (YAML quotes them). Lucene's {@code .} matches line terminators, so a pattern with a
 * {@code .} carries the {@code s} flag.
 *
 * <p>Known difference, by the spec's subset: PCRE's {@code $} also matches before a final newline, and the subset
 * has no {@code \z}. A value ending in a line feed can therefore match the Sigma regex where the EQL one does
 * not. The reader reads {@code $} back with that meaning (an optional trailing newline), so the round trip
 * stays truthful.
 */
final class SigmaRegex {
    private SigmaRegex() {}

    /** A Sigma regex: the text (anchored) and its flags. */
    record Sigma(String regex, boolean ignoreCase, boolean dotAll) {
        String modifiers() { return "re" + (ignoreCase ? "|i" : "") + (dotAll ? "|s" : ""); }
    }

    /** Thrown with a sentence saying why a pattern cannot be written in the other dialect. */
    static final class Untranslatable extends Exception {
        Untranslatable(String message) { super(message); }
    }

    // ------------------------------------------------------------------ EQL -> Sigma

    static Sigma toSigma(String lucene, boolean caseInsensitive) throws Untranslatable {
        EqlRegex re;
        try {
            re = EqlRegex.compile(lucene, caseInsensitive);
        } catch (IllegalArgumentException e) {
            throw new Untranslatable("regex " + quoted(lucene) + ": " + e.getMessage());
        }
        String j = re.javaRegex();
        boolean flagI;
        if (j.startsWith("(?si)")) { flagI = true; j = j.substring(5); }
        else if (j.startsWith("(?s)")) { flagI = false; j = j.substring(4); }
        else throw new Untranslatable("unexpected translation " + j);
        StringBuilder out = new StringBuilder();
        boolean dot = false;
        int depth = 0;
        boolean topAlternation = false;
        for (int i = 0; i < j.length(); ) {
            char c = j.charAt(i);
            if (c == '\\') {
                i = escape(j, i, out, false);
                continue;
            }
            if (c == '(') {
                if (j.startsWith("(?:", i)) { out.append('('); i += 3; depth++; continue; }
                if (j.startsWith("(?", i)) {
                    throw new Untranslatable("regex " + quoted(lucene) + " needs a lookaround (from Lucene ~, & or #), "
                            + "which Sigma's regular-expression subset does not have");
                }
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                topAlternation = true;
            } else if (c == '.') {
                dot = true;
            } else if (c == '[') {
                i = charClass(j, i, out, lucene);
                continue;
            }
            out.append(c);
            i++;
        }
        String body = out.toString();
        if (flagI) {
            for (int k = 0; k < body.length(); ) {
                int cp = body.codePointAt(k);
                k += Character.charCount(cp);
                if (cp >= 0x80 && Character.toLowerCase(cp) != Character.toUpperCase(cp)) {
                    throw new Untranslatable("regex~ " + quoted(lucene) + " has the non-ASCII letter '"
                            + new String(Character.toChars(cp)) + "': EQL folds ASCII letters only, Sigma's i flag "
                            + "folds per backend");
                }
            }
        }
        if (topAlternation) body = "(" + body + ")";
        return new Sigma("^" + body + "$", flagI, dot);
    }

    private static int escape(String j, int i, StringBuilder out, boolean inClass) throws Untranslatable {
        if (i + 1 >= j.length()) throw new Untranslatable("dangling backslash in " + j);
        char n = j.charAt(i + 1);
        if (n == 'x' && i + 2 < j.length() && j.charAt(i + 2) == '{') {
            int close = j.indexOf('}', i);
            int cp = Integer.parseInt(j.substring(i + 3, close), 16);
            out.appendCodePoint(cp);
            return close + 1;
        }
        switch (n) {
            case 't' -> out.append('\t');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            default -> {
                if (Character.isLetterOrDigit(n)) {
                    throw new Untranslatable("escape \\" + n + " is outside Sigma's regular-expression subset");
                }
                out.append('\\').append(n);
            }
        }
        return i + 2;
    }

    private static int charClass(String j, int i, StringBuilder out, String lucene) throws Untranslatable {
        out.append('[');
        i++;
        if (i < j.length() && j.charAt(i) == '^') { out.append('^'); i++; }
        boolean first = true;
        while (i < j.length()) {
            char c = j.charAt(i);
            if (c == ']' && !first) { out.append(']'); return i + 1; }
            if (c == '\\') { i = escape(j, i, out, true); first = false; continue; }
            if (c == '[') {
                throw new Untranslatable("regex " + quoted(lucene) + " needs a nested character class (\\D, \\S or \\W "
                        + "inside [...]), which Sigma's regular-expression subset does not have");
            }
            out.append(c);
            i++;
            first = false;
        }
        throw new Untranslatable("unterminated character class in " + j);
    }

    private static String quoted(String s) { return "\"" + s + "\""; }

    // ------------------------------------------------------------------ Sigma -> EQL (Lucene)

    /**
     * A Lucene regexp (whole value) matching what the Sigma regex finds anywhere in a value: unanchored ends
     * become {@code .*}, {@code $} also accepts a final line feed, {@code .} excludes the line feed unless
     * {@code dotAll}.
     */
    static String toLucene(String pcre, boolean dotAll, boolean multiLine) throws Untranslatable {
        String body = pcre;
        boolean startAnchored = body.startsWith("^");
        if (startAnchored) body = body.substring(1);
        boolean endAnchored = body.endsWith("$") && !escapedAt(body, body.length() - 1);
        if (endAnchored) body = body.substring(0, body.length() - 1);
        if (multiLine && (startAnchored || endAnchored)) {
            throw new Untranslatable("regex with the m flag and anchors: EQL matches whole values only");
        }
        StringBuilder out = new StringBuilder();
        if (!startAnchored) out.append(".*");
        String dotText = dotAll ? "." : "[^\n]";
        for (int i = 0; i < body.length(); ) {
            char c = body.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= body.length()) throw new Untranslatable("dangling backslash in regex " + pcre);
                    char n = body.charAt(i + 1);
                    String cls = predefined(n);
                    if (cls != null) out.append(cls);
                    else if (Character.isLetterOrDigit(n)) throw new Untranslatable("escape \\" + n + " in regex " + pcre
                            + " is outside Sigma's regular-expression subset");
                    else out.append('\\').append(n);
                    i += 2;
                }
                case '.' -> { out.append(dotText); i++; }
                case '(' -> {
                    if (body.startsWith("(?:", i)) { out.append('('); i += 3; }
                    else if (body.startsWith("(?", i)) throw new Untranslatable("group syntax (? in regex " + pcre
                            + " is outside Sigma's regular-expression subset");
                    else { out.append('('); i++; }
                }
                case '[' -> i = luceneClass(body, i, out, pcre);
                case '^', '$' -> throw new Untranslatable("anchor " + c + " inside regex " + pcre
                        + ": EQL matches whole values only");
                case '*', '+', '?' -> {
                    out.append(c);
                    i++;
                    if (i < body.length() && body.charAt(i) == '?') i++; // lazy: same language under whole-value match
                    else if (i < body.length() && body.charAt(i) == '+') throw new Untranslatable("possessive quantifier in regex " + pcre);
                }
                case '{' -> {
                    int close = body.indexOf('}', i);
                    String inner = close < 0 ? "" : body.substring(i + 1, close);
                    if (inner.matches("[0-9]+(,[0-9]*)?")) {
                        out.append(body, i, close + 1);
                        i = close + 1;
                        if (i < body.length() && body.charAt(i) == '?') i++;
                    } else {
                        out.append("\\{");
                        i++;
                    }
                }
                case '"', '#', '@', '&', '<', '>', '~', '}', ']' -> { out.append('\\').append(c); i++; }
                default -> { out.append(c); i++; }
            }
        }
        if (!endAnchored) out.append(".*");
        else out.append("(\n)?");
        return out.toString();
    }

    private static boolean escapedAt(String s, int i) {
        int n = 0;
        for (int k = i - 1; k >= 0 && s.charAt(k) == '\\'; k--) n++;
        return n % 2 == 1;
    }

    private static String predefined(char n) {
        return switch (n) {
            case 'd' -> "[0-9]";
            case 'D' -> "[^0-9]";
            case 'w' -> "[a-zA-Z0-9_]";
            case 'W' -> "[^a-zA-Z0-9_]";
            case 's' -> "[ \t\n\r\f\u000b]";
            case 'S' -> "[^ \t\n\r\f\u000b]";
            case 't' -> "\t";
            case 'n' -> "\n";
            case 'r' -> "\r";
            default -> null;
        };
    }

    private static int luceneClass(String body, int i, StringBuilder out, String pcre) throws Untranslatable {
        out.append('[');
        i++;
        if (i < body.length() && body.charAt(i) == '^') { out.append('^'); i++; }
        boolean first = true;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == ']' && !first) { out.append(']'); return i + 1; }
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(i + 1);
                String cls = predefined(n);
                if (cls != null && cls.startsWith("[^")) throw new Untranslatable("negated class \\" + n + " inside [...] in regex " + pcre);
                if (cls != null) out.append(cls.startsWith("[") ? cls.substring(1, cls.length() - 1) : cls);
                else if (Character.isLetterOrDigit(n)) throw new Untranslatable("escape \\" + n + " in regex " + pcre
                        + " is outside Sigma's regular-expression subset");
                else out.append('\\').append(n);
                i += 2;
                first = false;
                continue;
            }
            if (c == '[' || c == '"') out.append('\\');
            out.append(c);
            i++;
            first = false;
        }
        throw new Untranslatable("unterminated character class in regex " + pcre);
    }
}
