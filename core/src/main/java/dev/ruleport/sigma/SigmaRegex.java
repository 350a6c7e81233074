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
 * <p>The end anchor: PCRE's {@code $} also matches before a final line feed, and the subset has no {@code \z}, so
 * {@code ^B$} also finds B in a value that is B's match plus a line feed, where EQL's whole-value match does not.
 * The translation stays exact in two cases ({@link #toSigma} refuses the rest): every top-level alternative of B
 * ends in an unbounded repetition of an atom that matches a line feed ({@code .*}, {@code [^-]+} under the
 * {@code s} flag: a match without the final line feed is then also one with it), or no match of B ends in a line
 * feed, where {@link Sigma#newlineGuard()} asks the caller to add "and the value does not end with a line feed"
 * ({@link Ends} decides both from the regex). The reader
 * reads {@code $} back with PCRE's meaning (an optional trailing line feed), so the round trip stays truthful.
 */
final class SigmaRegex {
    private SigmaRegex() {}

    /**
     * A Sigma regex: the text (anchored) and its flags; {@code newlineGuard}: the regex is exact only together
     * with "the value does not end with a line feed" (see the class comment).
     */
    record Sigma(String regex, boolean ignoreCase, boolean dotAll, boolean newlineGuard) {
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
        boolean newlineGuard = false;
        Ends ends = new Ends(body);
        if (!ends.absorbsFinalNewline()) {
            if (ends.canEndInNewline()) {
                throw new Untranslatable("regex " + quoted(lucene) + " can match a value ending in a line feed, and a "
                        + "Sigma regex's $ also matches before a final line feed (the subset has no \\z): the Sigma regex "
                        + "would also find the match of the value without that line feed");
            }
            newlineGuard = true;
        }
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
        return new Sigma("^" + body + "$", flagI, dot, newlineGuard);
    }

    /**
     * What the end of a Sigma regex body (the subset, with the {@code s} flag) can match, for the {@code $} question:
     * whether a match can end in a line feed (the last character can be one: Glushkov's last positions), and whether
     * every top-level alternative ends in an unbounded repetition of an atom that matches a line feed (then a match
     * of V is also one of V plus a line feed).
     */
    static final class Ends {
        private final String re;
        private int pos;
        private final boolean canEnd;
        private final boolean absorbs;

        Ends(String re) throws Untranslatable {
            this.re = re;
            boolean[] r = alternation();
            if (pos != re.length()) throw new Untranslatable("unbalanced ')' in regex " + re);
            canEnd = r[1];
            absorbs = r[2];
        }

        boolean canEndInNewline() { return canEnd; }

        boolean absorbsFinalNewline() { return absorbs; }

        /** {nullable, a match can end in a line feed, every alternative absorbs a final line feed}. */
        private boolean[] alternation() throws Untranslatable {
            boolean nullable = false;
            boolean last = false;
            boolean absorbing = true;
            while (true) {
                boolean[] seq = sequence();
                nullable |= seq[0];
                last |= seq[1];
                absorbing &= seq[2];
                if (pos < re.length() && re.charAt(pos) == '|') { pos++; continue; }
                return new boolean[] {nullable, last, absorbing};
            }
        }

        /** As {@link #alternation}; a sequence absorbs when its last item does. */
        private boolean[] sequence() throws Untranslatable {
            boolean nullable = true;
            boolean last = false;
            boolean absorbing = false;
            while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
                boolean[] atom = atom(); // {nullable, can end in a line feed, is one character matching a line feed, absorbs}
                int min = 1;
                int max = 1;
                if (pos < re.length()) {
                    char q = re.charAt(pos);
                    if (q == '*') { min = 0; max = -1; pos++; }
                    else if (q == '+') { max = -1; pos++; }
                    else if (q == '?') { min = 0; pos++; }
                    else if (q == '{') {
                        int close = re.indexOf('}', pos);
                        String[] nm = re.substring(pos + 1, close).split(",", -1);
                        min = Integer.parseInt(nm[0]);
                        max = nm.length == 1 ? min : nm[1].isEmpty() ? -1 : Integer.parseInt(nm[1]);
                        pos = close + 1;
                    }
                }
                boolean itemNullable = min == 0 || atom[0];
                boolean itemLast = max != 0 && atom[1];
                last = itemLast || (itemNullable && last);
                nullable &= itemNullable;
                // X* with X taking a line feed: the last repetition can take one more; (G) once or more: G's own end
                absorbing = max == -1 && atom[2] || min >= 1 && atom[3];
            }
            return new boolean[] {nullable, last, absorbing};
        }

        private boolean[] atom() throws Untranslatable {
            char c = re.charAt(pos);
            switch (c) {
                case '(' -> {
                    pos++;
                    boolean[] inner = alternation();
                    if (pos >= re.length() || re.charAt(pos) != ')') throw new Untranslatable("unbalanced '(' in regex " + re);
                    pos++;
                    return new boolean[] {inner[0], inner[1], false, inner[2]};
                }
                case '.' -> { pos++; return new boolean[] {false, true, true, false}; }
                case '[' -> {
                    boolean lf = classMatchesNewline();
                    return new boolean[] {false, lf, lf, false};
                }
                case '\\' -> {
                    char n = re.charAt(pos + 1);
                    pos += 2;
                    return new boolean[] {false, n == '\n', n == '\n', false};
                }
                default -> {
                    pos++;
                    return new boolean[] {false, c == '\n', c == '\n', false};
                }
            }
        }

        private boolean classMatchesNewline() {
            pos++;
            boolean negated = pos < re.length() && re.charAt(pos) == '^';
            if (negated) pos++;
            boolean has = false;
            boolean first = true;
            while (pos < re.length() && (re.charAt(pos) != ']' || first)) {
                char lo = re.charAt(pos) == '\\' ? re.charAt(++pos) : re.charAt(pos);
                pos++;
                char hi = lo;
                if (pos + 1 < re.length() && re.charAt(pos) == '-' && re.charAt(pos + 1) != ']') {
                    pos++;
                    hi = re.charAt(pos) == '\\' ? re.charAt(++pos) : re.charAt(pos);
                    pos++;
                }
                has |= lo <= '\n' && '\n' <= hi;
                first = false;
            }
            pos++; // ]
            return has != negated;
        }
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
