package dev.ruleport.kql;

import dev.ruleport.backend.ConditionRenderer;
import dev.ruleport.backend.Refusals;
import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Arithmetic;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.ExprVisitor;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Function;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Negate;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import dev.ruleport.lower.LoweredFilter;
import dev.ruleport.lower.Reason;
import dev.ruleport.mapping.FieldMapping;
import dev.ruleport.mapping.ValueTransform;
import dev.ruleport.runtime.Cidr;
import dev.ruleport.runtime.EqlRegex;
import dev.ruleport.runtime.WildcardPattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes one lowered filter condition as a KQL boolean expression over the columns of its log source. The
 * semantics are the interpreter's (see {@code package-info}); the condition is in negation normal form, and each
 * leaf under a {@code not} is written so that it is <em>two-valued</em>, because Kusto's {@code not(null)} is null.
 *
 * <p>Leaves on {@code dynamic} (multi-valued) columns: case-sensitive equality is
 * {@code set_has_element(col, "v")}; every other test becomes a flag computed by one {@code mv-apply} per column
 * ({@link #flagPrelude()}), counting the array elements that satisfy it: {@code __m1 > 0} is "any value".
 */
final class KqlExprWriter extends ConditionRenderer<KqlExprWriter.Kql> {
    /** A piece of KQL with its precedence: 0 {@code or}, 1 {@code and}, 2 an atom. */
    record Kql(String text, int prec) {
        static Kql atom(String t) { return new Kql(t, 2); }

        String in(int context) { return prec < context ? "(" + text + ")" : text; }
    }

    /** A resolved column: the ECS field, the KQL reference text, its Kusto type and mapping. */
    record Col(String ecs, String ref, String type, boolean multi, ValueTransform transform, FieldMapping mapping) {
        boolean isString() { return "string".equals(type); }
        boolean isIntegral() { return "int".equals(type) || "long".equals(type); }
        boolean isNumeric() { return isIntegral() || "real".equals(type) || "decimal".equals(type); }
    }

    private static final Pattern CANONICAL_INT = Pattern.compile("-?(0|[1-9][0-9]{0,17})");

    private final LoweredFilter filter;
    private final Map<String, List<String>> flags;          // column ref -> flag assignments
    private final FlagCounter counter;
    private Problems problems;

    /** Flag names are unique across the stages of one query. */
    static final class FlagCounter {
        int next = 1;
    }

    KqlExprWriter(LoweredFilter filter, Refusals refusals, FlagCounter counter) {
        this(filter, refusals, counter, new LinkedHashMap<>());
    }

    private KqlExprWriter(LoweredFilter filter, Refusals refusals, FlagCounter counter, Map<String, List<String>> flags) {
        super(refusals);
        this.filter = filter;
        this.flags = flags;
        this.counter = counter;
    }

    /** A writer for another filter of the same table, sharing this writer's flags (one mv-apply prelude). */
    KqlExprWriter forFilter(LoweredFilter other) {
        return new KqlExprWriter(other, refusals, counter, flags);
    }

    /** The mv-apply operators that compute this writer's flags, one line each (empty when none). */
    List<String> flagPrelude() {
        List<String> out = new ArrayList<>();
        flags.forEach((col, assigns) -> out.add("| mv-apply __e = array_concat(dynamic([null]), coalesce(" + col
                + ", dynamic([]))) to typeof(string) on (summarize " + String.join(", ", assigns) + ")"));
        return out;
    }

    /** The names of the flags, for {@code project-away}. */
    List<String> flagNames() {
        List<String> out = new ArrayList<>();
        flags.values().forEach(l -> l.forEach(a -> out.add(a.substring(0, a.indexOf(' ')))));
        return out;
    }

    // ------------------------------------------------------------------ connectives and leaves

    @Override protected Kql and(List<Kql> parts) {
        List<String> texts = new ArrayList<>();
        for (Kql k : parts) texts.add(k.in(2));
        return new Kql(balanced(texts, " and "), 1);
    }

    /** Chains longer than this are parenthesised in groups: Kusto's parser refuses a syntax tree deeper than its limit. */
    private static final int CHAIN = 16;

    /**
     * {@code a op b op c ...}, with long chains grouped ({@code (a or ... or p) or (q or ...)}), so that the syntax
     * tree is as deep as about 2 × 16 + log(n), not n (Microsoft's parser: KS245, syntax depth exceeds the safe limit).
     */
    static String balanced(List<String> texts, String op) {
        List<String> level = texts;
        while (level.size() > CHAIN) {
            List<String> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += CHAIN) {
                List<String> group = level.subList(i, Math.min(level.size(), i + CHAIN));
                next.add(group.size() == 1 ? group.get(0) : "(" + String.join(op, group) + ")");
            }
            level = next;
        }
        return String.join(op, level);
    }

    @Override protected Kql or(List<Kql> parts) {
        List<String> texts = new ArrayList<>();
        for (Kql k : parts) texts.add(k.in(1));
        return new Kql(balanced(texts, " or "), 0);
    }

    @Override protected Kql leaf(Expr e, boolean negated, Problems p) {
        this.problems = p;
        Kql k = e.accept(new LeafWriter(negated));
        return negated ? Kql.atom("not(" + k.text() + ")") : k;
    }

    /** One leaf; {@code negative} when a {@code not} encloses it (it must then be two-valued). */
    private final class LeafWriter implements ExprVisitor<Kql> {
        private final boolean negative;

        LeafWriter(boolean negative) { this.negative = negative; }

        @Override public Kql visitCompare(Compare c) { return compare(c, negative); }
        @Override public Kql visitMatch(Match m) { return match(m, negative); }
        @Override public Kql visitIn(In in) { return in(in, negative); }
        @Override public Kql visitCall(Call call) { return call(call, negative, null); }

        @Override public Kql visitField(FieldRef f) {
            return cannot(f.span(), Reason.EXPRESSION, "the bare field " + f.name() + " used as a condition", negative);
        }

        @Override public Kql visitLiteral(Literal l) {
            return cannot(l.span(), Reason.EXPRESSION, "the constant " + describe(l) + " used as a condition", negative);
        }

        @Override public Kql visitArithmetic(Arithmetic a) {
            return cannot(a.span(), Reason.EXPRESSION, "arithmetic used as a condition", negative);
        }

        @Override public Kql visitNegate(Negate n) {
            return cannot(n.span(), Reason.EXPRESSION, "arithmetic used as a condition", negative);
        }

        @Override public Kql visitAnd(And a) { throw new IllegalStateException("and inside a leaf"); }
        @Override public Kql visitOr(Or o) { throw new IllegalStateException("or inside a leaf"); }
        @Override public Kql visitNot(Not n) { throw new IllegalStateException("not inside a leaf"); }
    }

    /** Records that the target cannot write the current leaf, which is then dropped or refused. */
    private Kql cannot(Span span, Reason reason, String detail, boolean negative) {
        problems.cannot(span, reason, detail);
        return Kql.atom(negative ? "false" : "true");
    }

    // ------------------------------------------------------------------ columns

    private Col column(FieldRef f) {
        FieldMapping m = filter.field(f);
        String type = m.type() == null ? "string" : m.type();
        return new Col(f.name(), KqlText.ref(m), type, m.multiValued() || "dynamic".equals(type),
                m.transform(), m);
    }

    // ------------------------------------------------------------------ predicates on one value

    /** A test on one string value; {@code render} writes it for the value text {@code v}. */
    private interface StrPred {
        /** KQL for the test, or null when it cannot be written (the reason is in {@code why[0]}). */
        String render(String v, ValueTransform t, String[] why);

        /** Whether the EQL test holds for a present empty string. */
        boolean acceptsEmpty();
    }

    private record Equals(String value, boolean ci) implements StrPred {
        public String render(String v, ValueTransform t, String[] why) {
            if (t == ValueTransform.NONE) {
                if (KqlText.hasUnwritableCharacter(value) || (ci && !Re2.isAsciiOnly(value))) {
                    return v + " matches regex " + KqlText.verbatim(Re2.literal(value, ci, "", ""));
                }
                return v + (ci ? " =~ " : " == ") + KqlText.string(value);
            }
            return transformed(ci, value, null, v, t, why);
        }

        public boolean acceptsEmpty() { return value.isEmpty(); }
    }

    private record Wild(WildcardPattern w) implements StrPred {
        public String render(String v, ValueTransform t, String[] why) {
            if (t != ValueTransform.NONE) {
                if (w.shape() == WildcardPattern.Shape.EXACT) return new Equals(w.literal(), w.caseInsensitive()).render(v, t, why);
                return transformed(w.caseInsensitive(), null, w, v, t, why);
            }
            boolean ci = w.caseInsensitive();
            if (w.shape() != WildcardPattern.Shape.GENERAL) {
                String lit = w.literal();
                boolean plain = !KqlText.hasUnwritableCharacter(lit) && (!ci || Re2.isAsciiOnly(lit));
                if (plain) {
                    String cs = ci ? "" : "_cs";
                    switch (w.shape()) {
                        case EXACT: return v + (ci ? " =~ " : " == ") + KqlText.string(lit);
                        case PREFIX: return lit.isEmpty() ? "isnotempty(" + v + ")" : v + " startswith" + cs + " " + KqlText.string(lit);
                        case SUFFIX: return v + " endswith" + cs + " " + KqlText.string(lit);
                        case CONTAINS: return v + " contains" + cs + " " + KqlText.string(lit);
                        default: break;
                    }
                }
            }
            return v + " matches regex " + KqlText.verbatim(Re2.wildcard(w, null, null));
        }

        public boolean acceptsEmpty() { return w.matches(""); }
    }

    /**
     * A wildcard over a value derived from the column by a transform: the basename (the text after the last
     * separator) or the extension (the text after the last dot). {@code exact} is the literal when the pattern has
     * no wildcard (its {@code *}/{@code ?} were masked by the caller).
     */
    private static String transformed(boolean ci, String exact, WildcardPattern wild, String v, ValueTransform t,
                                      String[] why) {
        String eq = ci ? " =~ " : " == ";
        String cs = ci ? "" : "_cs";
        if (t == ValueTransform.BASENAME_BACKSLASH || t == ValueTransform.BASENAME_SLASH) {
            String sep = t.separator();
            String text = exact != null ? exact : wild.pattern();
            if (text.contains(sep)) {
                why[0] = "the value holds the path separator " + sep + ", which a file name taken from a path never holds";
                return null;
            }
            if (exact != null && !KqlText.hasUnwritableCharacter(exact) && (!ci || Re2.isAsciiOnly(exact))) {
                return "(" + v + " endswith" + cs + " " + KqlText.string(sep + exact) + " or " + v + eq + KqlText.string(exact) + ")";
            }
            String prefix = "(?:.*" + (sep.equals("\\") ? "\\\\" : "/") + ")?";
            String re = exact != null ? Re2.literal(exact, ci, prefix, "") : Re2.wildcard(wild, prefix, sep.charAt(0));
            return v + " matches regex " + KqlText.verbatim(re);
        }
        if (t == ValueTransform.EXTENSION) {
            String text = exact != null ? exact : wild.pattern();
            if (text.contains(".")) {
                why[0] = "the extension holds a dot, which an extension taken after the last dot never holds";
                return null;
            }
            if (exact != null && !KqlText.hasUnwritableCharacter(exact) && (!ci || Re2.isAsciiOnly(exact))) {
                return v + " endswith" + cs + " " + KqlText.string("." + exact);
            }
            String re = exact != null ? Re2.literal(exact, ci, ".*\\.", "") : Re2.wildcard(wild, ".*\\.", '.');
            return v + " matches regex " + KqlText.verbatim(re);
        }
        if (t == ValueTransform.DOMAIN) {
            // DOMAIN\name: the domain is the text before the one backslash, with a name after it
            // (ValueTransform.domainOf); a pattern never holds for "" here (strLeaf refuses those)
            String text = exact != null ? exact : wild.pattern();
            if (text.contains("\\")) {
                why[0] = "the value holds a backslash, which a domain taken from DOMAIN\\name never holds";
                return null;
            }
            String name = "\\\\[^\\\\]+";
            String re = exact != null ? Re2.literal(exact, ci, "", name) : Re2.wildcard(wild, null, '\\');
            if (exact == null) re = re.substring(0, re.length() - 1) + name + "$";
            return v + " matches regex " + KqlText.verbatim(re);
        }
        why[0] = "unknown transform " + t;
        return null;
    }

    private record Regex(EqlRegex r) implements StrPred {
        public String render(String v, ValueTransform t, String[] why) {
            if (t != ValueTransform.NONE) {
                why[0] = "a regular expression over a value the target derives from a path (" + t.name().toLowerCase() + ")";
                return null;
            }
            String re = Re2.regex(r);
            if (re == null) {
                why[0] = "regex \"" + r.source() + "\" needs lookarounds or Unicode-exact case folding, which RE2 lacks";
                return null;
            }
            return v + " matches regex " + KqlText.verbatim(re);
        }

        public boolean acceptsEmpty() { return r.matches(""); }
    }

    private record StrFn(Function fn, String lit, boolean ci) implements StrPred {
        public String render(String v, ValueTransform t, String[] why) {
            if (t != ValueTransform.NONE) {
                why[0] = fn.displayName() + " over a value the target derives from a path (" + t.name().toLowerCase() + ")";
                return null;
            }
            String cs = ci ? "" : "_cs";
            if (!KqlText.hasUnwritableCharacter(lit) && (!ci || Re2.isAsciiOnly(lit))) {
                String op = switch (fn) {
                    case STARTSWITH -> "startswith";
                    case ENDSWITH -> "endswith";
                    default -> "contains";
                };
                if (lit.isEmpty()) return "isnotempty(" + v + ")";
                return v + " " + op + cs + " " + KqlText.string(lit);
            }
            String re = switch (fn) {
                case STARTSWITH -> Re2.literal(lit, ci, "", ".*");
                case ENDSWITH -> Re2.literal(lit, ci, ".*", "");
                default -> Re2.literal(lit, ci, ".*", ".*");
            };
            return v + " matches regex " + KqlText.verbatim(re);
        }

        public boolean acceptsEmpty() { return lit.isEmpty(); }
    }

    private record CidrPred(List<String> blocks) implements StrPred {
        public String render(String v, ValueTransform t, String[] why) {
            if (t != ValueTransform.NONE) {
                why[0] = "cidrMatch over a value the target derives from a path";
                return null;
            }
            List<String> parts = new ArrayList<>();
            for (String b : blocks) {
                parts.add((b.indexOf(':') >= 0 ? "ipv6_is_match(" : "ipv4_is_in_range(") + v + ", " + KqlText.string(b) + ")");
            }
            // == true makes the test two-valued: an empty or invalid address gives null, and null == true is false
            return "(" + String.join(" or ", parts) + ") == true";
        }

        public boolean acceptsEmpty() { return false; }
    }

    /**
     * Writes a string test on a column (scalar or multi-valued). A test that holds for the empty string ({@code : "*"},
     * {@code startsWith(x, "")}, {@code regex ""}) is refused: Kusto stores a missing string as "", so no test can
     * keep an event whose value is "" and leave out one without the field, as EQL does.
     */
    private Kql strLeaf(Col c, StrPred p, Span span, boolean negative) {
        if (p.acceptsEmpty() && (c.isString() || c.multi())) {
            return cannot(span, Reason.EMPTY_STRING, "the test holds for the empty string; a Kusto string column stores a"
                    + " missing value as \"\", so an empty " + c.ecs() + " cannot be told from a missing one", negative);
        }
        String[] why = new String[1];
        if (!c.multi()) {
            String v = c.ref();
            if (!c.isString()) {
                if (!c.isIntegral()) {
                    return cannot(span, Reason.TYPE, "a string pattern over " + c.ecs() + ", a " + c.type()
                            + " column whose text form differs from Elasticsearch's", negative);
                }
                v = "tostring(" + v + ")";
            }
            String text = p.render(v, c.transform(), why);
            if (text == null) return cannot(span, Reason.PATTERN, why[0], negative);
            if (p.acceptsEmpty()) {
                if (text.startsWith("isnotempty(")) return Kql.atom(text);
                return new Kql("isnotempty(" + v + ") and " + text, 1);
            }
            return new Kql(text, 2);
        }
        String text = p.render("__e", c.transform(), why);
        if (text == null) return cannot(span, Reason.PATTERN, why[0], negative);
        if (p.acceptsEmpty() && !text.startsWith("isnotempty(")) text = "isnotempty(__e) and " + text;
        return flag(c, text);
    }

    private Kql flag(Col c, String predicate) {
        String name = "__m" + counter.next++;
        flags.computeIfAbsent(c.ref(), k -> new ArrayList<>()).add(name + " = countif(" + predicate + ")");
        return new Kql(name + " > 0", 2);
    }

    // ------------------------------------------------------------------ comparisons

    private Kql compare(Compare c, boolean negative) {
        Expr left = c.left();
        Expr right = c.right();
        Compare.Op op = c.op();
        if (!(left instanceof FieldRef) && right instanceof FieldRef) {
            Expr t = left;
            left = right;
            right = t;
            op = op.flip();
        }
        if (left instanceof Call call && right instanceof Literal lit && lit.value() instanceof Boolean b
                && (op == Compare.Op.EQ || op == Compare.Op.NE)) {
            boolean want = b == (op == Compare.Op.EQ);
            return call(call, negative, want);
        }
        if (!(left instanceof FieldRef f) || !(right instanceof Literal lit)) {
            return cannot(c.span(), Reason.EXPRESSION, "a comparison between " + describe(left) + " and "
                    + describe(right) + " (only a field against a constant is written)", negative);
        }
        Col col = column(f);
        if (lit.isNull()) {
            if (op != Compare.Op.EQ && op != Compare.Op.NE) return Kql.atom("false");
            boolean absent = op == Compare.Op.EQ;
            if (col.multi()) {
                return new Kql("coalesce(array_length(" + col.ref() + "), 0) " + (absent ? "==" : ">") + " 0", 2);
            }
            if (col.isString() && col.transform() != ValueTransform.NONE) {
                // the derived value is missing where the column is, and where it ends in the separator (an empty
                // last segment), has no text after its last dot (no extension), or is not DOMAIN\name (no domain)
                boolean regex = col.transform() == ValueTransform.EXTENSION || col.transform() == ValueTransform.DOMAIN;
                String present = col.transform() == ValueTransform.EXTENSION
                        ? col.ref() + " matches regex @\"(?s)^.*\\.[^.]+$\""
                        : col.transform() == ValueTransform.DOMAIN
                        ? col.ref() + " matches regex @\"(?s)^[^\\\\]+\\\\[^\\\\]+$\""
                        : "isnotempty(" + col.ref() + ") and not(" + col.ref() + " endswith " + KqlText.string(col.transform().separator()) + ")";
                return absent ? Kql.atom("not(" + present + ")") : new Kql(present, regex ? 2 : 1);
            }
            if (col.isString()) return Kql.atom((absent ? "isempty(" : "isnotempty(") + col.ref() + ")");
            return Kql.atom((absent ? "isnull(" : "isnotnull(") + col.ref() + ")");
        }
        if (op == Compare.Op.NE) {
            // `a != b` is `not (a == b)`: true where a is missing
            Kql eq = compare(new Compare(Compare.Op.EQ, left, right, c.span()), !negative);
            return Kql.atom("not(" + eq.text() + ")");
        }
        if (op == Compare.Op.EQ) {
            if (col.isString() || col.multi()) {
                if (!(lit.value() instanceof String s)) {
                    return cannot(c.span(), Reason.TYPE, "== between string field " + f.name() + " and the "
                            + typeName(lit) + " " + lit.value() + " (Elasticsearch compares numbers and their text)", negative);
                }
                if (s.isEmpty()) return emptyString(c.span(), f, negative);
                if (col.multi() && col.transform() == ValueTransform.NONE && !KqlText.hasUnwritableCharacter(s)) {
                    return setHas(col, List.of(s), negative);
                }
                return strLeaf(col, new Equals(s, false), c.span(), negative);
            }
            return typed(col, "==", lit, c.span(), negative);
        }
        if (col.isString() || col.multi()) {
            return cannot(c.span(), Reason.TYPE, "ordering comparison " + op.symbol() + " on string field " + f.name()
                    + " (Kusto orders strings differently from Elasticsearch's code-point order)", negative);
        }
        return typed(col, op.symbol(), lit, c.span(), negative);
    }

    private Kql emptyString(Span span, FieldRef f, boolean negative) {
        return cannot(span, Reason.EMPTY_STRING, "the rule compares " + f.name() + " with the empty string; a Kusto "
                + "string column stores a missing value as \"\", so the two cannot be told apart", negative);
    }

    private Kql setHas(Col col, List<String> values, boolean negative) {
        List<String> parts = new ArrayList<>();
        for (String v : values) parts.add("set_has_element(" + col.ref() + ", " + KqlText.string(v) + ")");
        String any = String.join(" or ", parts);
        if (!negative) return parts.size() == 1 ? new Kql(any, 2) : new Kql(any, 0);
        // two-valued under not: a null array gives false, not null
        return new Kql("isnotnull(" + col.ref() + ") and " + (parts.size() == 1 ? any : "(" + any + ")"), 1);
    }

    /** A comparison on a typed (number, bool, datetime) scalar column. */
    private Kql typed(Col col, String op, Literal lit, Span span, boolean negative) {
        String value = typedLiteral(col, lit);
        if (value == null) {
            return cannot(span, Reason.TYPE, "compare " + col.ecs() + " (Kusto " + col.type() + " column " + col.mapping().target()
                    + ") with the " + typeName(lit) + " " + lit.value(), negative);
        }
        String text = col.ref() + " " + op + " " + value;
        if (negative && !op.equals("!=")) return new Kql("isnotnull(" + col.ref() + ") and " + text, 1);
        return new Kql(text, 2);
    }

    /** The literal written in the column's type, or null when it has no exact equivalent. */
    private static String typedLiteral(Col col, Literal lit) {
        Object v = lit.value();
        if (col.isNumeric()) {
            if (v instanceof Integer || v instanceof Long) return v.toString();
            if (v instanceof Double d && !d.isNaN() && !d.isInfinite() && !col.isIntegral()) return "real(" + d + ")";
            if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : "real(" + d + ")";
            if (v instanceof String s && CANONICAL_INT.matcher(s).matches()) return s;
            return null;
        }
        if ("bool".equals(col.type())) {
            if (v instanceof Boolean b) return b.toString();
            if ("true".equals(v) || "false".equals(v)) return (String) v;
            return null;
        }
        return null;
    }

    // ------------------------------------------------------------------ pattern matches, sets

    private Kql match(Match m, boolean negative) {
        if (!(m.subject() instanceof FieldRef f)) {
            return cannot(m.span(), Reason.EXPRESSION, "a pattern match on " + describe(m.subject()) + " (only fields are written)", negative);
        }
        Col col = column(f);
        if (!col.isString() && !col.multi() && m.kind() != Match.Kind.REGEX) {
            // an exact match of a number's text on a numeric column is numeric equality
            List<String> values = new ArrayList<>();
            for (Literal p : m.patterns()) {
                String v = typedLiteral(col, p);
                if (v == null || String.valueOf(p.value()).contains("*") || String.valueOf(p.value()).contains("?")) {
                    values = null;
                    break;
                }
                values.add(v);
            }
            if (values != null) return typedIn(col, values, negative);
        }
        List<Kql> parts = new ArrayList<>();
        List<String> exactCs = new ArrayList<>();
        List<String> exactCi = new ArrayList<>();
        for (Literal p : m.patterns()) {
            String text = String.valueOf(p.value());
            if (m.kind() == Match.Kind.REGEX) {
                EqlRegex re;
                try {
                    re = EqlRegex.compile(text, m.caseInsensitive());
                } catch (IllegalArgumentException ex) {
                    return cannot(p.span(), Reason.PATTERN, "invalid regular expression: " + ex.getMessage(), negative);
                }
                parts.add(strLeaf(col, new Regex(re), p.span(), negative));
                continue;
            }
            if (text.isEmpty()) return emptyString(p.span(), f, negative);
            WildcardPattern w = WildcardPattern.compile(text, m.caseInsensitive());
            boolean simpleExact = w.shape() == WildcardPattern.Shape.EXACT && !col.multi()
                    && col.transform() == ValueTransform.NONE && col.isString()
                    && !KqlText.hasUnwritableCharacter(text) && (!w.caseInsensitive() || Re2.isAsciiOnly(text));
            if (simpleExact) {
                (w.caseInsensitive() ? exactCi : exactCs).add(text);
                continue;
            }
            if (col.multi() && w.shape() == WildcardPattern.Shape.EXACT && !w.caseInsensitive()
                    && col.transform() == ValueTransform.NONE && !KqlText.hasUnwritableCharacter(text)) {
                parts.add(setHas(col, List.of(text), negative));
                continue;
            }
            parts.add(strLeaf(col, new Wild(w), p.span(), negative));
        }
        if (!exactCs.isEmpty()) parts.add(0, Kql.atom(membership(col.ref(), exactCs, false)));
        if (!exactCi.isEmpty()) parts.add(0, Kql.atom(membership(col.ref(), exactCi, true)));
        return any(parts);
    }

    private static Kql any(List<Kql> parts) {
        if (parts.size() == 1) return parts.get(0);
        List<String> texts = new ArrayList<>();
        for (Kql k : parts) texts.add(k.in(1));
        return new Kql(balanced(texts, " or "), 0);
    }

    /** A single operand kept from a connective, already wrapped for that connective's context. */
    private static Kql reparse(String part) {
        return new Kql(part, 1);
    }

    private static String membership(String ref, List<String> values, boolean ci) {
        if (values.size() == 1) return ref + (ci ? " =~ " : " == ") + KqlText.string(values.get(0));
        List<String> quoted = new ArrayList<>();
        for (String v : values) quoted.add(KqlText.string(v));
        return ref + (ci ? " in~ (" : " in (") + String.join(", ", quoted) + ")";
    }

    private Kql typedIn(Col col, List<String> values, boolean negative) {
        String text = values.size() == 1 ? col.ref() + " == " + values.get(0)
                : col.ref() + " in (" + String.join(", ", values) + ")";
        if (negative) return new Kql("isnotnull(" + col.ref() + ") and " + text, 1);
        return new Kql(text, 2);
    }

    private Kql in(In in, boolean negative) {
        if (!(in.subject() instanceof FieldRef f)) {
            return cannot(in.span(), Reason.EXPRESSION, "membership test on " + describe(in.subject()), negative);
        }
        List<Literal> lits = new ArrayList<>();
        for (Expr v : in.values()) {
            if (!(v instanceof Literal l) || l.isNull()) {
                return cannot(v.span(), Reason.EXPRESSION, "a list member that is not a constant: " + describe(v), negative);
            }
            lits.add(l);
        }
        Col col = column(f);
        if (!col.isString() && !col.multi()) {
            List<String> values = new ArrayList<>();
            for (Literal l : lits) {
                String v = typedLiteral(col, l);
                if (v == null) {
                    return cannot(l.span(), Reason.TYPE, "compare " + f.name() + " (Kusto " + col.type() + ") with the "
                            + typeName(l) + " " + l.value(), negative);
                }
                values.add(v);
            }
            return typedIn(col, values, negative);
        }
        List<String> strings = new ArrayList<>();
        for (Literal l : lits) {
            if (!(l.value() instanceof String s)) {
                return cannot(l.span(), Reason.TYPE, "membership of string field " + f.name() + " in a list holding the "
                        + typeName(l) + " " + l.value(), negative);
            }
            if (s.isEmpty()) return emptyString(l.span(), f, negative);
            strings.add(s);
        }
        boolean plain = col.transform() == ValueTransform.NONE;
        for (String s : strings) {
            if (KqlText.hasUnwritableCharacter(s) || (in.caseInsensitive() && !Re2.isAsciiOnly(s))) plain = false;
        }
        if (plain && !col.multi()) return new Kql(membership(col.ref(), strings, in.caseInsensitive()), 2);
        if (plain && !in.caseInsensitive()) return setHas(col, strings, negative);
        List<Kql> parts = new ArrayList<>();
        for (String s : strings) parts.add(strLeaf(col, new Equals(s, in.caseInsensitive()), in.span(), negative));
        return any(parts);
    }

    // ------------------------------------------------------------------ functions

    /** A boolean function call; {@code want} is null for the call itself, else {@code call == want}. */
    private Kql call(Call call, boolean negative, Boolean want) {
        Function fn = call.function();
        List<Expr> args = call.args();
        boolean strFn = fn == Function.STARTSWITH || fn == Function.ENDSWITH || fn == Function.STRINGCONTAINS;
        if ((strFn || fn == Function.CIDRMATCH) && !args.isEmpty() && args.get(0) instanceof FieldRef f) {
            List<String> lits = new ArrayList<>();
            for (int i = 1; i < args.size(); i++) {
                if (!(args.get(i) instanceof Literal l) || !(l.value() instanceof String s)) {
                    return cannot(args.get(i).span(), Reason.FUNCTION, fn.displayName() + " with an argument that is not a string constant", negative);
                }
                lits.add(s);
            }
            Col col = column(f);
            StrPred p;
            if (fn == Function.CIDRMATCH) {
                for (String b : lits) {
                    try {
                        Cidr.parse(b);
                    } catch (IllegalArgumentException ex) {
                        return cannot(call.span(), Reason.FUNCTION, "invalid CIDR block " + b, negative);
                    }
                }
                p = new CidrPred(lits);
            } else {
                p = new StrFn(fn, lits.get(0), call.caseInsensitive());
            }
            if (!col.isString() && !col.multi()) {
                return cannot(call.span(), Reason.TYPE, fn.displayName() + " over " + f.name() + ", a " + col.type() + " column", negative);
            }
            Kql yes = strLeaf(col, p, call.span(), negative);
            if (want == null || want) return yes;
            // `fn(x) == false`: false where the call is null (missing value), as the interpreter decides
            if (col.multi()) {
                return cannot(call.span(), Reason.FUNCTION, fn.displayName() + "(...) == false over a multi-valued field", negative);
            }
            return new Kql("isnotempty(" + col.ref() + ") and not(" + yes.text() + ")", 1);
        }
        return cannot(call.span(), Reason.FUNCTION, fn.displayName() + "(" + describeArgs(args) + ")", negative);
    }

    private static String describeArgs(List<Expr> args) {
        List<String> out = new ArrayList<>();
        for (Expr a : args) out.add(describe(a));
        return String.join(", ", out);
    }

    static String describe(Expr e) {
        if (e instanceof FieldRef f) return "field " + f.name();
        if (e instanceof Literal l) return l.isNull() ? "null" : typeName(l) + " " + l.value();
        if (e instanceof Call c) return c.function().displayName() + "(...)";
        return e.getClass().getSimpleName().toLowerCase();
    }

    static String typeName(Literal l) {
        Object v = l.value();
        if (v instanceof String) return "string";
        if (v instanceof Boolean) return "boolean";
        if (v == null) return "null";
        return "number";
    }
}
