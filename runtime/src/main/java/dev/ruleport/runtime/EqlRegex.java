package dev.ruleport.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An EQL {@code regex} / {@code regex~} pattern: Lucene regular-expression syntax, matched against
 * the whole value, compiled to {@link java.util.regex.Pattern}.
 *
 * <p>Elasticsearch runs {@code regex} as a {@code regexp} query with the default flags {@code ALL}
 * and, for {@code regex~}, {@code case_insensitive: true}, which is Lucene's
 * {@code RegExp.ASCII_CASE_INSENSITIVE}. The syntax implemented is Lucene 9's (Elasticsearch 8.x):
 * <ul>
 *   <li>{@code .} any code point (line terminators included); {@code ?} {@code *} {@code +}
 *       {@code {n}} {@code {n,}} {@code {n,m}}; {@code |}; {@code (...)}; {@code ()} the empty
 *       string; {@code [...]} and {@code [^...]} with ranges {@code a-z};
 *       {@code "..."} a literal string (no escapes inside);</li>
 *   <li>{@code \d \D \s \S \w \W} predefined classes (since Lucene 9; {@code \s} is only
 *       {@code [ \t\n\r]}), {@code \\} a backslash, {@code \} before any other non-letter that
 *       character itself, and {@code \} before any other letter an error (so {@code \n} is not a
 *       newline: it is rejected);</li>
 *   <li>optional operators, all on by default in Elasticsearch: {@code ~} complement,
 *       {@code &} intersection, {@code @} any string, {@code #} the empty <em>language</em>
 *       (matches nothing), {@code <n-m>} numeric interval ({@code <5-10>} also accepts leading
 *       zeros; when both bounds have the same number of digits, e.g. {@code <05-10>}, exactly that
 *       width). Named automata {@code <name>} are rejected (Elasticsearch has none).</li>
 *   <li>No anchors: {@code ^} and {@code $} are ordinary characters; the match is always whole.
 *       A reserved character where an atom is expected is taken literally, as Lucene does
 *       ({@code *a} matches the text {@code *a}).</li>
 * </ul>
 *
 * <p><b>Case-insensitivity ({@code regex~})</b> folds ASCII letters only, and (as in Lucene 9)
 * applies to literal characters, including single characters inside a class, but <em>not</em> to
 * class ranges: {@code regex~ "[a-z]+"} does not match {@code "ABC"}. The translation uses the
 * {@code (?i)} flag (ASCII-only in java.util.regex) when every range in the pattern is closed under
 * case; otherwise it spells each letter as {@code [xX]} and uses no flag.
 *
 * <p><b>Limits</b>: {@code ~} and {@code &} have no java.util.regex equivalent in general. They are
 * supported when they apply to the whole value (the whole pattern, a top-level alternative, or
 * recursively inside those), written as lookaheads {@code (?=(?:A)\z)} / {@code (?!(?:A)\z)};
 * elsewhere (e.g. {@code a~bc}) compilation fails with an {@link IllegalArgumentException}.
 * Lookarounds are not available in RE2, so {@link #portable()} reports whether the text uses them.
 * java.util.regex backtracks: stacked quantifiers ({@code .*?}, {@code a+*}) are collapsed, but a
 * hostile nested pattern can still be slow.
 */
public final class EqlRegex {
    private final String source;
    private final boolean caseInsensitive;
    private final String javaRegex;
    private final boolean portable;
    private final Pattern pattern;

    private EqlRegex(String source, boolean caseInsensitive) {
        this.source = source;
        this.caseInsensitive = caseInsensitive;
        Node root = new Parser(source).parse();
        Translator t = new Translator(caseInsensitive && !allRangesCaseClosed(root) ? CaseMode.EXPAND
                : caseInsensitive ? CaseMode.FLAG : CaseMode.NONE);
        String body = t.whole(root);
        this.javaRegex = (t.mode == CaseMode.FLAG ? "(?si)" : "(?s)") + body;
        this.portable = t.portable;
        try {
            this.pattern = Pattern.compile(javaRegex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Invalid regex [" + source + "]: cannot translate (" + e.getDescription() + ")", e);
        }
    }

    /**
     * Compiles a Lucene regular expression.
     *
     * @throws IllegalArgumentException with a message naming the pattern and the position, when the
     *     syntax is invalid for Lucene or uses a construct this translation does not support
     */
    public static EqlRegex compile(String luceneRegexp, boolean caseInsensitive) {
        return new EqlRegex(Objects.requireNonNull(luceneRegexp, "luceneRegexp"), caseInsensitive);
    }

    /** Whole-value match. A null value does not match. */
    public boolean matches(String value) {
        return value != null && pattern.matcher(value).matches();
    }

    /** The Lucene pattern as written. */
    public String source() {
        return source;
    }

    public boolean caseInsensitive() {
        return caseInsensitive;
    }

    /**
     * The translated java.util.regex source, self-contained: inline flags ({@code (?s)} always, plus
     * {@code i} when the case-insensitive flag form is used), no anchors. It must be matched against
     * the whole value ({@code Matcher.matches()}, or wrap as {@code ^(?:...)$} / {@code \A(?:...)\z}).
     */
    public String javaRegex() {
        return javaRegex;
    }

    /** The compiled pattern (use {@code matcher(v).matches()}). */
    public Pattern pattern() {
        return pattern;
    }

    /**
     * True when {@link #javaRegex()} uses only constructs shared by java.util.regex, PCRE and RE2
     * (no lookarounds, from {@code ~ & #}; no nested classes, from {@code \D \S \W} inside
     * {@code [...]}).
     */
    public boolean portable() {
        return portable;
    }

    @Override
    public String toString() {
        return (caseInsensitive ? "regex~ \"" : "regex \"") + source + "\"";
    }

    // ------------------------------------------------------------------ AST

    private sealed interface Node permits Lit, AnyChar, AnyString, EmptyLang, Predef, CharClass, Concat, Union,
            Inter, Compl, Repeat, Interval {}

    /** A literal string of code points (possibly empty: {@code ()} or {@code ""}). */
    private record Lit(String text) implements Node {}

    private record AnyChar() implements Node {}

    private record AnyString() implements Node {}

    private record EmptyLang() implements Node {}

    /** {@code \d \D \s \S \w \W}. */
    private record Predef(char kind) implements Node {}

    private record CharClass(boolean negated, List<ClassItem> items) implements Node {}

    /** A class member: a single character (from == to, single), a range, or a predefined class. */
    private record ClassItem(int from, int to, boolean single, char predef) {}

    private record Concat(List<Node> parts) implements Node {}

    private record Union(List<Node> alternatives) implements Node {}

    private record Inter(Node left, Node right) implements Node {}

    private record Compl(Node operand) implements Node {}

    /** {@code max < 0} means unbounded. */
    private record Repeat(Node operand, int min, int max) implements Node {}

    private record Interval(int min, int max, int digits) implements Node {}

    // ------------------------------------------------------------------ parser (Lucene grammar)

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Node parse() {
            if (s.isEmpty()) {
                return new Lit("");
            }
            Node e = union();
            if (pos < s.length()) {
                throw error("end of pattern expected (unbalanced ')'?)", pos);
            }
            return e;
        }

        private IllegalArgumentException error(String what, int at) {
            return new IllegalArgumentException("Invalid regex [" + s + "]: " + what + " at position " + at);
        }

        private boolean more() {
            return pos < s.length();
        }

        private boolean peek(String chars) {
            return more() && chars.indexOf(s.codePointAt(pos)) >= 0;
        }

        private boolean match(int c) {
            if (more() && s.codePointAt(pos) == c) {
                pos += Character.charCount(c);
                return true;
            }
            return false;
        }

        private int next() {
            if (!more()) {
                throw error("unexpected end of pattern", pos);
            }
            int c = s.codePointAt(pos);
            pos += Character.charCount(c);
            return c;
        }

        private Node union() {
            List<Node> alts = new ArrayList<>();
            alts.add(inter());
            while (match('|')) {
                alts.add(inter());
            }
            return alts.size() == 1 ? alts.get(0) : new Union(alts);
        }

        private Node inter() {
            Node e = concat();
            if (match('&')) {
                return new Inter(e, inter());
            }
            return e;
        }

        private Node concat() {
            List<Node> parts = new ArrayList<>();
            parts.add(repeat());
            while (more() && !peek(")|&")) {
                parts.add(repeat());
            }
            if (parts.size() == 1) {
                return parts.get(0);
            }
            // merge adjacent literals, as Lucene does, so "abc" is one literal; and merge adjacent
            // unbounded repeats of the same operand (x*x* = x*, x{a,}x{b,} = x{a+b,}), so that ".*?.*?" does
            // not become a polynomial backtracking trap in java.util.regex
            List<Node> merged = new ArrayList<>();
            for (Node p : parts) {
                Node prev = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (p instanceof Lit lit && prev instanceof Lit prevLit) {
                    merged.set(merged.size() - 1, new Lit(prevLit.text() + lit.text()));
                } else if (p instanceof Repeat r && prev instanceof Repeat pr && r.max() < 0 && pr.max() < 0
                        && r.operand().equals(pr.operand())) {
                    merged.set(merged.size() - 1, new Repeat(r.operand(), r.min() + pr.min(), -1));
                } else {
                    merged.add(p);
                }
            }
            return merged.size() == 1 ? merged.get(0) : new Concat(merged);
        }

        private Node repeat() {
            Node e = complement();
            while (peek("?*+{")) {
                int at = pos;
                if (match('?')) {
                    e = quantify(e, 0, 1);
                } else if (match('*')) {
                    e = quantify(e, 0, -1);
                } else if (match('+')) {
                    e = quantify(e, 1, -1);
                } else {
                    match('{');
                    int n = number(at);
                    int m = n;
                    if (match(',')) {
                        m = peek("0123456789") ? number(at) : -1;
                    }
                    if (!match('}')) {
                        throw error("expected '}'", pos);
                    }
                    e = new Repeat(e, n, m);
                }
            }
            return e;
        }

        private int number(int at) {
            int start = pos;
            while (peek("0123456789")) {
                pos++;
            }
            if (start == pos) {
                throw error("integer expected in repetition", pos);
            }
            try {
                return Integer.parseInt(s.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("repetition count too large", at);
            }
        }

        /** Applies ? * + to e, collapsing stacked quantifiers into one (same language). */
        private static Node quantify(Node e, int min, int max) {
            if (e instanceof Repeat r && isSimple(r.min(), r.max())) {
                boolean optional = r.min() == 0 || min == 0;
                boolean unbounded = r.max() < 0 || max < 0;
                return new Repeat(r.operand(), optional ? 0 : 1, unbounded ? -1 : 1);
            }
            return new Repeat(e, min, max);
        }

        private static boolean isSimple(int min, int max) {
            return (min == 0 || min == 1) && (max == 1 || max < 0) && !(min == 1 && max == 1);
        }

        private Node complement() {
            if (match('~')) {
                return new Compl(complement());
            }
            return charClassExp();
        }

        private Node charClassExp() {
            if (match('[')) {
                boolean negated = match('^');
                List<ClassItem> items = new ArrayList<>();
                items.add(classItem());
                while (more() && !peek("]")) {
                    items.add(classItem());
                }
                if (!match(']')) {
                    throw error("expected ']'", pos);
                }
                return new CharClass(negated, items);
            }
            return simple();
        }

        private ClassItem classItem() {
            int at = pos;
            char predef = predefined();
            if (predef != 0) {
                return new ClassItem(0, 0, false, predef);
            }
            int c = charExp();
            if (match('-')) {
                int to = charExp();
                if (c > to) {
                    throw error("invalid range " + new String(Character.toChars(c)) + "-" + new String(Character.toChars(to)), at);
                }
                return new ClassItem(c, to, false, (char) 0);
            }
            return new ClassItem(c, c, true, (char) 0);
        }

        private Node simple() {
            int at = pos;
            if (match('.')) {
                return new AnyChar();
            }
            if (match('#')) {
                return new EmptyLang();
            }
            if (match('@')) {
                return new AnyString();
            }
            if (match('"')) {
                int start = pos;
                while (more() && !peek("\"")) {
                    next();
                }
                if (!match('"')) {
                    throw error("expected closing '\"'", pos);
                }
                return new Lit(s.substring(start, pos - 1));
            }
            if (match('(')) {
                if (match(')')) {
                    return new Lit("");
                }
                Node e = union();
                if (!match(')')) {
                    throw error("expected ')'", pos);
                }
                return e;
            }
            if (match('<')) {
                int start = pos;
                while (more() && !peek(">")) {
                    next();
                }
                if (!match('>')) {
                    throw error("expected '>'", pos);
                }
                return interval(s.substring(start, pos - 1), at);
            }
            char predef = predefined();
            if (predef != 0) {
                return new Predef(predef);
            }
            return new Lit(new String(Character.toChars(charExp())));
        }

        private Node interval(String body, int at) {
            int dash = body.indexOf('-');
            if (dash < 0) {
                throw error("named automaton <" + body + "> is not supported (Elasticsearch defines none)", at);
            }
            if (dash == 0 || dash == body.length() - 1 || dash != body.lastIndexOf('-')) {
                throw error("interval syntax error", at);
            }
            String lo = body.substring(0, dash);
            String hi = body.substring(dash + 1);
            int min;
            int max;
            try {
                if (!lo.chars().allMatch(ch -> ch >= '0' && ch <= '9') || !hi.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    throw new NumberFormatException();
                }
                min = Integer.parseInt(lo);
                max = Integer.parseInt(hi);
            } catch (NumberFormatException e) {
                throw error("interval syntax error", at);
            }
            int digits = lo.length() == hi.length() ? lo.length() : 0;
            return new Interval(Math.min(min, max), Math.max(min, max), digits);
        }

        /** {@code \d \D \s \S \w \W}, or 0. Consumes a backslash that escapes a non-letter. */
        private char predefined() {
            if (!peek("\\")) {
                return 0;
            }
            int at = pos;
            pos++;
            if (peek("dDsSwW")) {
                return (char) next();
            }
            if (more()) {
                int c = s.codePointAt(pos);
                if (c < 128 && Character.isLetter(c)) {
                    throw error("invalid escape \\" + (char) c + " (Lucene escapes only non-letters; \\d \\s \\w and their negations are classes)", at);
                }
            }
            pos = at; // let charExp read the escaped character
            return 0;
        }

        /** A single character, optionally escaped with a backslash. */
        private int charExp() {
            match('\\');
            return next();
        }
    }

    // ------------------------------------------------------------------ translation to java.util.regex

    private enum CaseMode { NONE, FLAG, EXPAND }

    /**
     * True when folding ranges would change nothing: every ASCII letter inside a class range has its
     * other case in the same class (as a range member, a folded single character or \w). Then the
     * java.util.regex {@code (?i)} flag, which also folds ranges, means exactly Lucene's
     * ASCII_CASE_INSENSITIVE, which does not.
     */
    private static boolean allRangesCaseClosed(Node n) {
        if (n instanceof CharClass cc) {
            boolean[] member = new boolean[128];
            for (ClassItem item : cc.items()) {
                if (item.predef() == 'w') {
                    for (int c = 'A'; c <= 'z'; c++) {
                        member[c] |= CaseFold.isAsciiLetter(c);
                    }
                } else if (item.predef() == 0) {
                    for (int c = item.from(); c <= Math.min(item.to(), 127); c++) {
                        member[c] = true;
                        if (item.single()) {
                            member[CaseFold.otherCase(c)] = true;
                        }
                    }
                }
            }
            for (ClassItem item : cc.items()) {
                if (!item.single() && item.predef() == 0) {
                    for (int c = item.from(); c <= Math.min(item.to(), 127); c++) {
                        if (CaseFold.isAsciiLetter(c) && !member[CaseFold.otherCase(c)]) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }
        if (n instanceof Concat c) {
            return c.parts().stream().allMatch(EqlRegex::allRangesCaseClosed);
        }
        if (n instanceof Union u) {
            return u.alternatives().stream().allMatch(EqlRegex::allRangesCaseClosed);
        }
        if (n instanceof Inter i) {
            return allRangesCaseClosed(i.left()) && allRangesCaseClosed(i.right());
        }
        if (n instanceof Compl c) {
            return allRangesCaseClosed(c.operand());
        }
        if (n instanceof Repeat r) {
            return allRangesCaseClosed(r.operand());
        }
        return true;
    }

    private static final class Translator {
        final CaseMode mode;
        boolean portable = true;

        Translator(CaseMode mode) {
            this.mode = mode;
        }

        /** A regex for a node that must span from the current position to the end of the value. */
        String whole(Node n) {
            if (n instanceof Union u && needsWhole(n)) {
                List<String> alts = new ArrayList<>();
                for (Node a : u.alternatives()) {
                    alts.add(whole(a));
                }
                return "(?:" + String.join("|", alts) + ")";
            }
            if (n instanceof Inter) {
                List<Node> conjuncts = new ArrayList<>();
                flattenInter(n, conjuncts);
                Node consumer = null;
                StringBuilder sb = new StringBuilder();
                for (Node c : conjuncts) {
                    if (consumer == null && !(c instanceof Compl)) {
                        consumer = c; // one positive conjunct consumes the value; the rest look ahead
                    } else {
                        sb.append(lookahead(c));
                    }
                }
                portable = false;
                return sb.append(consumer == null ? ".*" : whole(consumer)).toString();
            }
            if (n instanceof Compl c) {
                portable = false;
                return "(?!(?:" + whole(c.operand()) + ")\\z).*";
            }
            return java(n);
        }

        private String lookahead(Node c) {
            if (c instanceof Compl compl) {
                return "(?!(?:" + whole(compl.operand()) + ")\\z)";
            }
            return "(?=(?:" + whole(c) + ")\\z)";
        }

        private static void flattenInter(Node n, List<Node> out) {
            if (n instanceof Inter i) {
                flattenInter(i.left(), out);
                flattenInter(i.right(), out);
            } else {
                out.add(n);
            }
        }

        private static boolean needsWhole(Node n) {
            if (n instanceof Inter || n instanceof Compl) {
                return true;
            }
            if (n instanceof Union u) {
                return u.alternatives().stream().anyMatch(Translator::needsWhole);
            }
            return false;
        }

        /** A regex for a node anywhere; rejects ~ and & (only supported over the whole value). */
        String java(Node n) {
            if (n instanceof Lit lit) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < lit.text().length(); ) {
                    int cp = lit.text().codePointAt(i);
                    i += Character.charCount(cp);
                    if (mode == CaseMode.EXPAND && CaseFold.isAsciiLetter(cp)) {
                        sb.append('[').appendCodePoint(cp).appendCodePoint(CaseFold.otherCase(cp)).append(']');
                    } else {
                        RegexQuoting.appendCodePoint(sb, cp, false);
                    }
                }
                return sb.toString();
            }
            if (n instanceof AnyChar) {
                return ".";
            }
            if (n instanceof AnyString) {
                return ".*";
            }
            if (n instanceof EmptyLang) {
                portable = false;
                return "(?!)";
            }
            if (n instanceof Predef p) {
                return predefClass(p.kind());
            }
            if (n instanceof CharClass cc) {
                return charClass(cc);
            }
            if (n instanceof Concat c) {
                StringBuilder sb = new StringBuilder();
                for (Node part : c.parts()) {
                    sb.append(java(part));
                }
                return sb.toString();
            }
            if (n instanceof Union u) {
                List<String> alts = new ArrayList<>();
                for (Node a : u.alternatives()) {
                    alts.add(java(a));
                }
                return "(?:" + String.join("|", alts) + ")";
            }
            if (n instanceof Repeat r) {
                if (r.max() >= 0 && r.min() > r.max()) {
                    portable = false;
                    return "(?!)"; // Lucene: {n,m} with n > m is the empty language
                }
                String q;
                if (r.min() == 0 && r.max() == 1) {
                    q = "?";
                } else if (r.min() == 0 && r.max() < 0) {
                    q = "*";
                } else if (r.min() == 1 && r.max() < 0) {
                    q = "+";
                } else if (r.max() < 0) {
                    q = "{" + r.min() + ",}";
                } else if (r.min() == r.max()) {
                    q = "{" + r.min() + "}";
                } else {
                    q = "{" + r.min() + "," + r.max() + "}";
                }
                return atom(r.operand()) + q;
            }
            if (n instanceof Interval i) {
                return "(?:" + NumericRangeRegex.of(i.min(), i.max(), i.digits()) + ")";
            }
            if (n instanceof Compl) {
                throw new IllegalArgumentException("'~' (complement) is only supported when it applies to the whole value, "
                        + "e.g. ~(abc) or @&~(abc.*), not inside a concatenation or repetition");
            }
            throw new IllegalArgumentException("'&' (intersection) is only supported when it applies to the whole value, "
                    + "not inside a concatenation or repetition");
        }

        /** The node as something a quantifier can follow. */
        private String atom(Node n) {
            String text = java(n);
            boolean single = n instanceof AnyChar || n instanceof Predef || n instanceof CharClass || n instanceof Union
                    || n instanceof Interval
                    || (n instanceof Lit lit && lit.text().codePointCount(0, lit.text().length()) == 1);
            return single ? text : "(?:" + text + ")";
        }

        private static String predefClass(char kind) {
            return switch (kind) {
                case 'd' -> "[0-9]";
                case 'D' -> "[^0-9]";
                case 's' -> "[ \\t\\n\\r]";
                case 'S' -> "[^ \\t\\n\\r]";
                case 'w' -> "[a-zA-Z_0-9]";
                default -> "[^a-zA-Z_0-9]";
            };
        }

        private String charClass(CharClass cc) {
            StringBuilder sb = new StringBuilder(cc.negated() ? "[^" : "[");
            for (ClassItem item : cc.items()) {
                if (item.predef() != 0) {
                    switch (item.predef()) {
                        case 'd' -> sb.append("0-9");
                        case 's' -> sb.append(" \\t\\n\\r");
                        case 'w' -> sb.append("a-zA-Z_0-9");
                        default -> {
                            portable = false; // a negated class inside a class: Java's nested-class union
                            sb.append(predefClass(item.predef()));
                        }
                    }
                } else if (item.single()) {
                    RegexQuoting.appendCodePoint(sb, item.from(), true);
                    if (mode == CaseMode.EXPAND && CaseFold.isAsciiLetter(item.from())) {
                        sb.appendCodePoint(CaseFold.otherCase(item.from()));
                    }
                } else {
                    RegexQuoting.appendCodePoint(sb, item.from(), true);
                    sb.append('-');
                    RegexQuoting.appendCodePoint(sb, item.to(), true);
                }
            }
            return sb.append(']').toString();
        }
    }

    /** Regex text for Lucene's decimal interval {@code <min-max>} (non-negative ints). */
    static final class NumericRangeRegex {
        private NumericRangeRegex() {}

        /**
         * With {@code digits > 0}: exactly that many digits (zero padded), value in range. With
         * {@code digits == 0}: any number of leading zeros, value in range.
         */
        static String of(int min, int max, int digits) {
            if (digits > 0) {
                return fixed(pad(min, digits), pad(max, digits));
            }
            String lo = Integer.toString(min);
            String hi = Integer.toString(max);
            List<String> alts = new ArrayList<>();
            for (int len = lo.length(); len <= hi.length(); len++) {
                String from = len == lo.length() ? lo : "1" + "0".repeat(len - 1);
                String to = len == hi.length() ? hi : "9".repeat(len);
                alts.add(fixed(from, to));
            }
            return "0*" + (alts.size() == 1 ? group(alts.get(0)) : "(?:" + String.join("|", alts) + ")");
        }

        private static String pad(int v, int width) {
            String s = Integer.toString(v);
            return "0".repeat(Math.max(0, width - s.length())) + s;
        }

        private static String group(String s) {
            return s.indexOf('|') >= 0 ? "(?:" + s + ")" : s;
        }

        /** Strings of lo's length whose value is in [lo, hi]; lo and hi have the same length. */
        static String fixed(String lo, String hi) {
            if (lo.equals(hi)) {
                return lo;
            }
            int rest = lo.length() - 1;
            char a = lo.charAt(0);
            char b = hi.charAt(0);
            String restLo = lo.substring(1);
            String restHi = hi.substring(1);
            if (a == b) {
                return a + group(fixed(restLo, restHi));
            }
            boolean loFull = restLo.chars().allMatch(c -> c == '0');
            boolean hiFull = restHi.chars().allMatch(c -> c == '9');
            List<String> alts = new ArrayList<>();
            char midFrom = a;
            char midTo = b;
            if (!loFull) {
                alts.add(a + group(fixed(restLo, "9".repeat(rest))));
                midFrom++;
            }
            if (!hiFull) {
                midTo--;
            }
            if (midFrom <= midTo) {
                alts.add((midFrom == midTo ? String.valueOf(midFrom) : "[" + midFrom + "-" + midTo + "]")
                        + (rest == 0 ? "" : rest == 1 ? "[0-9]" : "[0-9]{" + rest + "}"));
            }
            if (!hiFull) {
                alts.add(b + group(fixed("0".repeat(rest), restHi)));
            }
            return alts.size() == 1 ? alts.get(0) : "(?:" + String.join("|", alts) + ")";
        }
    }
}
