package dev.ruleport.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An EQL {@code regex} / {@code regex~} pattern: Lucene regular-expression syntax, matched against
 * the whole value by an automaton ({@link RegexAutomaton}: a Thompson NFA run as a lazily built DFA),
 * and translated to java.util.regex source ({@link #javaRegex()}) for the backends that write regular
 * expressions for other engines.
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
 *   <li>No empty alternative: Lucene's grammar has none ({@code unionexp ::= interexp | unionexp}),
 *       so in {@code a(b|)c} the {@code )} after {@code |} is a literal character and the group is
 *       never closed: an error, in Lucene and here. The empty string is written {@code ()}:
 *       {@code a(b|())c}, or {@code a(b)?c}.</li>
 * </ul>
 *
 * <p><b>Case-insensitivity ({@code regex~})</b> folds ASCII letters only, and (as in Lucene 9)
 * applies to literal characters, including single characters inside a class, but <em>not</em> to
 * class ranges: {@code regex~ "[a-z]+"} does not match {@code "ABC"}. The translation uses the
 * {@code (?i)} flag (ASCII-only in java.util.regex) when every range in the pattern is closed under
 * case; otherwise it spells each letter as {@code [xX]} and uses no flag.
 *
 * <p><b>Time and size.</b> Matching takes time linear in the value's length times the size of the
 * automaton, for every pattern ({@code (a|aa)+b}, {@code (.*a){20}b}): there is no backtracking and
 * no recursion over the value. A bounded repetition {@code x{n,m}} is expanded into copies of
 * {@code x}, so repetition counts multiply the automaton's size; a pattern whose automaton would have
 * more than {@value RegexAutomaton#MAX_STATES} states, or that nests groups, repetitions and
 * complements more than {@value #MAX_NESTING} deep, is refused with an {@link IllegalArgumentException}.
 *
 * <p><b>Limits</b>: {@code ~} and {@code &} have no java.util.regex equivalent in general. They are
 * supported when they apply to the whole value (the whole pattern, a top-level alternative, or
 * recursively inside those), written as lookaheads {@code (?=(?:A)\z)} / {@code (?!(?:A)\z)};
 * elsewhere (e.g. {@code a~bc}) compilation fails with an {@link IllegalArgumentException}.
 * Lookarounds are not available in RE2, so {@link #portable()} reports whether the text uses them.
 *
 * <p>Instances are immutable (apart from the automaton's internal cache) and thread-safe.
 */
public final class EqlRegex {
    /**
     * How deeply groups, repetitions and complements may nest: the EQL parser's own limit for
     * expressions. Parsing recurses about ten frames per group, so the bound keeps a pattern's
     * compilation well inside a small thread stack on any JVM (250 overflowed a 1 MB stack in CI).
     */
    public static final int MAX_NESTING = 100;

    private final String source;
    private final boolean caseInsensitive;
    private final String javaRegex;
    private final boolean portable;
    private final RegexAutomaton automaton;
    private volatile Pattern pattern;

    private EqlRegex(String source, boolean caseInsensitive) {
        this.source = source;
        this.caseInsensitive = caseInsensitive;
        Node root = parseAndSize(source);
        Translator t = new Translator(caseInsensitive && !allRangesCaseClosed(root) ? CaseMode.EXPAND
                : caseInsensitive ? CaseMode.FLAG : CaseMode.NONE);
        String body = t.whole(root);
        this.javaRegex = (t.mode == CaseMode.FLAG ? "(?si)" : "(?s)") + body;
        this.portable = t.portable;
        this.automaton = new AutomatonWriter(caseInsensitive).write(root);
        assert automaton.size() == AutomatonWriter.states(root) : "states counted for " + source;
    }

    /** The pattern's tree, after checking that its automaton stays within {@link RegexAutomaton#MAX_STATES}. */
    private static Node parseAndSize(String source) {
        Node root = new Parser(source).parse();
        if (AutomatonWriter.states(root) > RegexAutomaton.MAX_STATES) {
            throw new IllegalArgumentException("Invalid regex [" + shown(source) + "]: the pattern is too large: it expands to more than "
                    + RegexAutomaton.MAX_STATES + " automaton states (a repetition multiplies the size of what it repeats)");
        }
        return root;
    }

    /**
     * What is wrong with a pattern whatever the target: null when Lucene accepts it and it is small
     * enough to run, else the message {@link #compile} would throw (invalid syntax, too deeply nested,
     * too large). A pattern without such a problem may still fail {@link #compile} where it uses a
     * construct this implementation cannot express ({@code ~} or {@code &} inside a value): that is a
     * limit of the translation, which each backend reports in its own words, not an invalid query.
     */
    public static String problem(String luceneRegexp) {
        try {
            parseAndSize(Objects.requireNonNull(luceneRegexp, "luceneRegexp"));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Compiles a Lucene regular expression.
     *
     * @throws IllegalArgumentException with a message naming the pattern and the position, when the
     *     syntax is invalid for Lucene, uses a construct this translation does not support, or the
     *     pattern is too large or too deeply nested
     */
    public static EqlRegex compile(String luceneRegexp, boolean caseInsensitive) {
        return new EqlRegex(Objects.requireNonNull(luceneRegexp, "luceneRegexp"), caseInsensitive);
    }

    /** Whole-value match. A null value does not match. */
    public boolean matches(String value) {
        return value != null && automaton.matches(value);
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

    /**
     * Like {@link #javaRegex()}, but never with the {@code i} flag: a case-insensitive pattern has each ASCII letter
     * written with its other case ({@code [kK]}, classes widened). For engines whose {@code (?i)} folds by Unicode
     * (RE2 also matches the Kelvin sign for k), where EQL folds ASCII letters only.
     */
    public String javaRegexWithoutFlag() {
        if (!javaRegex.startsWith("(?si)")) return javaRegex;
        return "(?s)" + new Translator(CaseMode.EXPAND).whole(new Parser(source).parse());
    }

    /**
     * {@link #javaRegex()} compiled by java.util.regex, on first use (use {@code matcher(v).matches()}).
     * It means the same as {@link #matches}, but it backtracks: a hostile pattern can make it slow, or
     * overflow the stack; {@link #matches} does neither.
     *
     * @throws IllegalArgumentException when java.util.regex cannot compile the translation
     */
    public Pattern pattern() {
        Pattern p = pattern;
        if (p == null) {
            try {
                p = Pattern.compile(javaRegex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("Invalid regex [" + shown(source) + "]: cannot translate (" + e.getDescription() + ")", e);
            }
            pattern = p;
        }
        return p;
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

    /** The pattern as error messages show it: whole when short, else its start. */
    private static String shown(String pattern) {
        return pattern.length() <= 200 ? pattern : pattern.substring(0, 200) + "... (" + pattern.length() + " characters)";
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

    // Composite nodes carry their depth, so that the parser can bound it: every walk over the tree
    // (translation, automaton construction, equals) recurses once per level.

    private record Concat(List<Node> parts, int depth) implements Node {
        Concat(List<Node> parts) {
            this(parts, 1 + maxDepth(parts));
        }
    }

    private record Union(List<Node> alternatives, int depth) implements Node {
        Union(List<Node> alternatives) {
            this(alternatives, 1 + maxDepth(alternatives));
        }
    }

    /** {@code a&b&c}: all operands must match the same text. */
    private record Inter(List<Node> operands, int depth) implements Node {
        Inter(List<Node> operands) {
            this(operands, 1 + maxDepth(operands));
        }
    }

    private record Compl(Node operand, int depth) implements Node {
        Compl(Node operand) {
            this(operand, 1 + depthOf(operand));
        }
    }

    /** {@code max < 0} means unbounded. */
    private record Repeat(Node operand, int min, int max, int depth) implements Node {
        Repeat(Node operand, int min, int max) {
            this(operand, min, max, 1 + depthOf(operand));
        }
    }

    private record Interval(int min, int max, int digits) implements Node {}

    private static int depthOf(Node n) {
        if (n instanceof Concat c) {
            return c.depth();
        }
        if (n instanceof Union u) {
            return u.depth();
        }
        if (n instanceof Inter i) {
            return i.depth();
        }
        if (n instanceof Compl c) {
            return c.depth();
        }
        if (n instanceof Repeat r) {
            return r.depth();
        }
        return 1;
    }

    private static int maxDepth(List<Node> nodes) {
        int max = 0;
        for (Node n : nodes) {
            max = Math.max(max, depthOf(n));
        }
        return max;
    }

    // ------------------------------------------------------------------ parser (Lucene grammar)

    /**
     * Recursive descent over Lucene's grammar. It recurses only into groups, whose nesting (like the
     * depth of the tree it builds) is bounded by {@link #MAX_NESTING}; runs of {@code &}, {@code ~}
     * and quantifiers are read in loops. Literal text is gathered in one buffer, so a pattern of
     * a million characters is read in linear time.
     */
    private static final class Parser {
        private final String s;
        private int pos;
        private int groups; // groups open at pos

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
            return new IllegalArgumentException("Invalid regex [" + shown(s) + "]: " + what + " at position " + at);
        }

        /** {@code n}, unless it nests deeper than {@link #MAX_NESTING}. */
        private Node bounded(Node n, int at) {
            if (depthOf(n) > MAX_NESTING) {
                throw error("groups, repetitions and complements nest more than " + MAX_NESTING + " deep", at);
            }
            return n;
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
            return separated('|', this::inter, Union::new);
        }

        private Node inter() {
            return separated('&', this::concat, Inter::new);
        }

        /** {@code operand (separator operand)*}: the operand alone, or {@code node} of all of them. */
        private Node separated(int separator, Supplier<Node> operand, Function<List<Node>, Node> node) {
            int at = pos;
            List<Node> operands = new ArrayList<>();
            operands.add(operand.get());
            while (match(separator)) {
                operands.add(operand.get());
            }
            return operands.size() == 1 ? operands.get(0) : bounded(node.apply(operands), at);
        }

        private Node concat() {
            int at = pos;
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
            // not become a polynomial backtracking trap for java.util.regex users of javaRegex()
            List<Node> merged = new ArrayList<>();
            StringBuilder text = null;
            for (Node p : parts) {
                if (p instanceof Lit lit) {
                    if (text == null) {
                        text = new StringBuilder();
                    }
                    text.append(lit.text());
                    continue;
                }
                if (text != null) {
                    merged.add(new Lit(text.toString()));
                    text = null;
                }
                Node prev = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (p instanceof Repeat r && prev instanceof Repeat pr && r.max() < 0 && pr.max() < 0
                        && r.operand().equals(pr.operand())) {
                    merged.set(merged.size() - 1, new Repeat(r.operand(), r.min() + pr.min(), -1));
                } else {
                    merged.add(p);
                }
            }
            if (text != null) {
                merged.add(new Lit(text.toString()));
            }
            return merged.size() == 1 ? merged.get(0) : bounded(new Concat(merged), at);
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
                e = bounded(e, at);
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
            int at = pos;
            int tildes = 0;
            while (match('~')) {
                tildes++;
            }
            Node e = charClassExp();
            for (int i = 0; i < tildes; i++) {
                e = bounded(new Compl(e), at);
            }
            return e;
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
                if (++groups > MAX_NESTING) {
                    throw error("groups nest more than " + MAX_NESTING + " deep", at);
                }
                Node e = union();
                if (!match(')')) {
                    throw error("expected ')'", pos);
                }
                groups--;
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
            return i.operands().stream().allMatch(EqlRegex::allRangesCaseClosed);
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
                for (Node operand : i.operands()) {
                    flattenInter(operand, out);
                }
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

    /**
     * Regex text for Lucene's decimal interval {@code <min-max>} (non-negative ints), in java.util.regex
     * syntax (groups {@code (?:...)}) or in Lucene's own (groups {@code (...)}), which the automaton
     * is built from.
     */
    static final class NumericRangeRegex {
        private NumericRangeRegex() {}

        /**
         * With {@code digits > 0}: exactly that many digits (zero padded), value in range. With
         * {@code digits == 0}: any number of leading zeros, value in range.
         */
        static String of(int min, int max, int digits) {
            return of(min, max, digits, "(?:");
        }

        /** As {@link #of(int, int, int)}, groups opened with {@code open}. */
        static String of(int min, int max, int digits, String open) {
            if (digits > 0) {
                return fixed(pad(min, digits), pad(max, digits), open);
            }
            String lo = Integer.toString(min);
            String hi = Integer.toString(max);
            List<String> alts = new ArrayList<>();
            for (int len = lo.length(); len <= hi.length(); len++) {
                String from = len == lo.length() ? lo : "1" + "0".repeat(len - 1);
                String to = len == hi.length() ? hi : "9".repeat(len);
                alts.add(fixed(from, to, open));
            }
            return "0*" + (alts.size() == 1 ? group(alts.get(0), open) : open + String.join("|", alts) + ")");
        }

        private static String pad(int v, int width) {
            String s = Integer.toString(v);
            return "0".repeat(Math.max(0, width - s.length())) + s;
        }

        private static String group(String s, String open) {
            return s.indexOf('|') >= 0 ? open + s + ")" : s;
        }

        /**
         * Strings of lo's length whose value is in [lo, hi]; lo and hi have the same length. Their
         * common prefix is written as it is, so the recursion below it is at most ten digits deep
         * (where two ints first differ), however wide the padding.
         */
        static String fixed(String lo, String hi, String open) {
            int common = 0;
            while (common < lo.length() && lo.charAt(common) == hi.charAt(common)) {
                common++;
            }
            if (common == lo.length()) {
                return lo;
            }
            if (common > 0) {
                return lo.substring(0, common) + group(fixed(lo.substring(common), hi.substring(common), open), open);
            }
            int rest = lo.length() - 1;
            char a = lo.charAt(0);
            char b = hi.charAt(0);
            String restLo = lo.substring(1);
            String restHi = hi.substring(1);
            boolean loFull = restLo.chars().allMatch(c -> c == '0');
            boolean hiFull = restHi.chars().allMatch(c -> c == '9');
            List<String> alts = new ArrayList<>();
            char midFrom = a;
            char midTo = b;
            if (!loFull) {
                alts.add(a + group(fixed(restLo, "9".repeat(rest), open), open));
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
                alts.add(b + group(fixed("0".repeat(rest), restHi, open), open));
            }
            return alts.size() == 1 ? alts.get(0) : open + String.join("|", alts) + ")";
        }
    }

    // ------------------------------------------------------------------ automaton construction

    /**
     * Builds the matching automaton from the tree. The whole-value structure that {@link Translator#whole}
     * writes as lookaheads (top-level alternatives, {@code &}, {@code ~}) becomes a {@link RegexAutomaton.Verdict}
     * over leaves; everything below it becomes NFA fragments. Case-insensitivity adds the other case of
     * ASCII letters to literal characters and to single characters in a class, not to ranges.
     */
    private static final class AutomatonWriter {
        private static final int[] ANY = {0, Character.MAX_CODE_POINT};
        private static final int[] DIGIT = {'0', '9'};
        private static final int[] SPACE = {'\t', '\n', '\r', '\r', ' ', ' '};
        private static final int[] WORD = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};

        private final RegexAutomaton.Builder b = new RegexAutomaton.Builder();
        private final boolean caseInsensitive;

        AutomatonWriter(boolean caseInsensitive) {
            this.caseInsensitive = caseInsensitive;
        }

        RegexAutomaton write(Node root) {
            return b.build(whole(root));
        }

        /**
         * How many NFA states {@link #write} builds for {@code root}, counted without building them
         * (saturating just above {@link RegexAutomaton#MAX_STATES}), so that a pattern too large is
         * refused before any work; the builder's own limit is only a safety net.
         */
        static long states(Node root) {
            if (root instanceof Union u && Translator.needsWhole(root)) {
                long n = 0;
                for (Node a : u.alternatives()) n = capped(n + states(a));
                return n;
            }
            if (root instanceof Inter) {
                List<Node> conjuncts = new ArrayList<>();
                Translator.flattenInter(root, conjuncts);
                long n = 0;
                for (Node c : conjuncts) n = capped(n + states(c));
                return n;
            }
            if (root instanceof Compl c) {
                return states(c.operand());
            }
            return capped(fragmentStates(root) + 1); // and the leaf's accepting state
        }

        private static long fragmentStates(Node n) {
            if (n instanceof Lit lit) {
                return Math.max(1, lit.text().codePointCount(0, lit.text().length()));
            }
            if (n instanceof AnyString) {
                return 3; // one code point, starred
            }
            if (n instanceof Concat c) {
                long sum = 0;
                for (Node part : c.parts()) sum = capped(sum + fragmentStates(part));
                return sum;
            }
            if (n instanceof Union u) {
                long sum = u.alternatives().size(); // the joining state and a split per further alternative
                for (Node a : u.alternatives()) sum = capped(sum + fragmentStates(a));
                return sum;
            }
            if (n instanceof Repeat r) {
                if (r.max() >= 0 && r.min() > r.max()) {
                    return 1;
                }
                long operand = fragmentStates(r.operand());
                long copies = capped(r.min() * operand);
                long tail = r.max() < 0 ? operand + 2 : capped((long) (r.max() - r.min()) * (operand + 2));
                return Math.max(1, capped(copies + tail));
            }
            if (n instanceof Interval i) {
                return fragmentStates(new Parser(NumericRangeRegex.of(i.min(), i.max(), i.digits(), "(")).parse());
            }
            if (n instanceof Compl c) {
                return fragmentStates(c.operand()); // not built: the translation refuses ~ inside a value
            }
            if (n instanceof Inter i) {
                long sum = 0;
                for (Node o : i.operands()) sum = capped(sum + fragmentStates(o));
                return sum;
            }
            return 1; // a single code point, or the empty language
        }

        private static long capped(long n) {
            return Math.min(n, RegexAutomaton.MAX_STATES + 1L);
        }

        private RegexAutomaton.Verdict whole(Node n) {
            if (n instanceof Union u && Translator.needsWhole(n)) {
                List<RegexAutomaton.Verdict> alts = new ArrayList<>();
                for (Node a : u.alternatives()) {
                    alts.add(whole(a));
                }
                return new RegexAutomaton.Any(alts);
            }
            if (n instanceof Inter) {
                List<Node> conjuncts = new ArrayList<>();
                Translator.flattenInter(n, conjuncts);
                List<RegexAutomaton.Verdict> all = new ArrayList<>();
                for (Node c : conjuncts) {
                    all.add(whole(c));
                }
                return new RegexAutomaton.All(all);
            }
            if (n instanceof Compl c) {
                return new RegexAutomaton.Not(whole(c.operand()));
            }
            return new RegexAutomaton.Leaf(b.leaf(fragment(n)));
        }

        private RegexAutomaton.Builder.Fragment fragment(Node n) {
            if (n instanceof Lit lit) {
                return literal(lit.text());
            }
            if (n instanceof AnyChar) {
                return b.set(ANY);
            }
            if (n instanceof AnyString) {
                return b.star(b.set(ANY));
            }
            if (n instanceof EmptyLang) {
                return b.nothing();
            }
            if (n instanceof Predef p) {
                return b.set(predefined(p.kind()));
            }
            if (n instanceof CharClass cc) {
                return b.set(charClass(cc));
            }
            if (n instanceof Concat c) {
                RegexAutomaton.Builder.Fragment f = null;
                for (Node part : c.parts()) {
                    RegexAutomaton.Builder.Fragment next = fragment(part);
                    f = f == null ? next : b.concat(f, next);
                }
                return f;
            }
            if (n instanceof Union u) {
                List<RegexAutomaton.Builder.Fragment> alts = new ArrayList<>();
                for (Node a : u.alternatives()) {
                    alts.add(fragment(a));
                }
                return b.union(alts);
            }
            if (n instanceof Repeat r) {
                return repeat(r);
            }
            if (n instanceof Interval i) {
                return fragment(new Parser(NumericRangeRegex.of(i.min(), i.max(), i.digits(), "(")).parse());
            }
            // the translation has refused ~ and & below the whole-value level before this runs
            throw new IllegalStateException("complement or intersection inside a value: " + n);
        }

        private RegexAutomaton.Builder.Fragment literal(String text) {
            RegexAutomaton.Builder.Fragment f = null;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                RegexAutomaton.Builder.Fragment c = b.set(caseInsensitive && CaseFold.isAsciiLetter(cp)
                        ? Ranges.of(cp, cp, CaseFold.otherCase(cp), CaseFold.otherCase(cp)) : new int[] {cp, cp});
                f = f == null ? c : b.concat(f, c);
            }
            return f == null ? b.empty() : f;
        }

        /** {@code x{min,max}}: min copies of x, then x* or (max - min) nested optional copies. */
        private RegexAutomaton.Builder.Fragment repeat(Repeat r) {
            if (r.max() >= 0 && r.min() > r.max()) {
                return b.nothing(); // Lucene: {n,m} with n > m is the empty language
            }
            RegexAutomaton.Builder.Fragment f = null;
            for (int i = 0; i < r.min(); i++) {
                RegexAutomaton.Builder.Fragment copy = fragment(r.operand());
                f = f == null ? copy : b.concat(f, copy);
            }
            RegexAutomaton.Builder.Fragment tail = null;
            if (r.max() < 0) {
                tail = b.star(fragment(r.operand()));
            } else {
                for (int i = r.min(); i < r.max(); i++) {
                    RegexAutomaton.Builder.Fragment copy = fragment(r.operand());
                    tail = b.optional(tail == null ? copy : b.concat(copy, tail));
                }
            }
            if (tail != null) {
                f = f == null ? tail : b.concat(f, tail);
            }
            return f == null ? b.empty() : f;
        }

        private static int[] predefined(char kind) {
            return switch (kind) {
                case 'd' -> DIGIT;
                case 'D' -> Ranges.complement(DIGIT);
                case 's' -> SPACE;
                case 'S' -> Ranges.complement(SPACE);
                case 'w' -> WORD;
                default -> Ranges.complement(WORD);
            };
        }

        private int[] charClass(CharClass cc) {
            List<int[]> parts = new ArrayList<>();
            for (ClassItem item : cc.items()) {
                if (item.predef() != 0) {
                    parts.add(predefined(item.predef()));
                } else if (item.single() && caseInsensitive && CaseFold.isAsciiLetter(item.from())) {
                    int other = CaseFold.otherCase(item.from());
                    parts.add(new int[] {item.from(), item.from(), other, other});
                } else {
                    parts.add(new int[] {item.from(), item.to()});
                }
            }
            int[] members = Ranges.union(parts);
            return cc.negated() ? Ranges.complement(members) : members;
        }
    }

    /** Code point sets as sorted, disjoint, non-adjacent {@code [lo, hi]} pairs. */
    static final class Ranges {
        private Ranges() {}

        /** The set of the given pairs (in any order, overlapping or not). */
        static int[] of(int... pairs) {
            return union(List.of(pairs));
        }

        static int[] union(List<int[]> parts) {
            int count = 0;
            for (int[] p : parts) {
                count += p.length / 2;
            }
            long[] pairs = new long[count];
            int k = 0;
            for (int[] p : parts) {
                for (int i = 0; i < p.length; i += 2) {
                    pairs[k++] = ((long) p[i] << 32) | p[i + 1];
                }
            }
            java.util.Arrays.sort(pairs);
            int[] out = new int[2 * count];
            int n = 0;
            for (long pair : pairs) {
                int lo = (int) (pair >>> 32);
                int hi = (int) pair;
                if (n > 0 && lo <= out[n - 1] + 1) {
                    out[n - 1] = Math.max(out[n - 1], hi);
                } else {
                    out[n++] = lo;
                    out[n++] = hi;
                }
            }
            return java.util.Arrays.copyOf(out, n);
        }

        static int[] complement(int[] set) {
            int[] out = new int[set.length + 2];
            int n = 0;
            int next = 0;
            for (int i = 0; i < set.length; i += 2) {
                if (set[i] > next) {
                    out[n++] = next;
                    out[n++] = set[i] - 1;
                }
                next = set[i + 1] + 1;
            }
            if (next <= Character.MAX_CODE_POINT) {
                out[n++] = next;
                out[n++] = Character.MAX_CODE_POINT;
            }
            return java.util.Arrays.copyOf(out, n);
        }
    }
}
