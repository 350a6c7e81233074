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
 * ({@link Ends} decides both from the regex). The reader ({@link SigmaRegexReader})
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
}
