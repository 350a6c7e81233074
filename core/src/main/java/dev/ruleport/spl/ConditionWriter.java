package dev.ruleport.spl;

import dev.ruleport.backend.ConditionRenderer;
import dev.ruleport.backend.Refusals;
import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Arithmetic;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.ExprVisitor;
import dev.ruleport.ir.FieldPath;
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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one EQL condition as SPL, in three forms at once:
 * <ul>
 *   <li>{@code eval}: an exact eval expression for {@code | where} (or {@code if()} in a sequence);</li>
 *   <li>{@code search}: the same condition as search-language terms, when the search language can say it
 *       exactly (case-insensitive, {@code *} wildcards only, ASCII values), else null;</li>
 *   <li>{@code pre}: search terms matching a superset of the events (a pre-filter that never excludes a
 *       match), or null when there is none.</li>
 * </ul>
 * The condition arrives in negation normal form from the lowering stage; each negated leaf is written with its
 * missing-field case explicit ({@code isnull('f') OR NOT (...)}), so the eval result is never null where the
 * EQL result is true. Multi-valued fields keep any-of meaning through {@code mvfind}/{@code mvfilter}.
 */
final class ConditionWriter extends ConditionRenderer<ConditionWriter.Rendered> {

    /** A field as the target names it. */
    record Target(String ecs, String name, ValueTransform transform, boolean multi) {}

    /** One rendered condition; {@code search} "" means "true" (no term needed). */
    record Rendered(String eval, int prec, String search, String pre) {
        static final int OR = 0, AND = 1, ATOM = 2;
    }

    private final LoweredFilter filter;
    private Problems problems;

    ConditionWriter(LoweredFilter filter, Refusals refusals) {
        super(refusals);
        this.filter = filter;
    }

    // ------------------------------------------------------------------ entry points

    /** The top-level conjuncts of the filter's (normal-form) condition, each rendered; dropped ones left out. */
    List<Rendered> conjuncts() {
        List<Rendered> out = new ArrayList<>();
        for (Expr x : filter.conjuncts()) render(x).ifPresent(out::add);
        return out;
    }

    @Override protected Rendered and(List<Rendered> parts) { return allOf(parts); }

    @Override protected Rendered or(List<Rendered> parts) { return anyOf(parts); }

    @Override protected Rendered leaf(Expr e, boolean negated, Problems p) {
        this.problems = p;
        readsComputed = false;
        Rendered r = leaf(e, negated);
        // a computed field exists only after its | eval: the leaf is tested in the | where, with no search term
        return readsComputed ? new Rendered(r.eval(), r.prec(), null, null) : r;
    }

    /** The fields the filter computes ({@link SplArgv}), by their eval name, in order of first use. */
    final Map<String, SplArgv.Source> computed = new LinkedHashMap<>();
    private boolean readsComputed;

    /** Where a field lives in the log source, or null (reported) when SPL cannot name it. */
    private Target resolve(FieldRef ref) {
        for (String seg : ref.path().segments()) {
            if (FieldPath.isIndex(seg)) {
                problems.cannot(ref.span(), Reason.ARRAY_INDEX, "array index " + ref.name()
                        + ": SPL multivalue fields have no positional access ruleport can rely on");
                return null;
            }
        }
        FieldMapping fm = filter.field(ref);
        SplArgv.Source argv = SplArgv.parse(fm.expression());
        if (argv != null) {
            if (!SplStrings.isEvalField(argv.column())) {
                problems.cannot(ref.span(), Reason.FIELD_NAME, "target field name " + argv.column() + " cannot be written in SPL");
                return null;
            }
            String name = SplArgv.evalName(ref.name());
            computed.put(name, argv);
            readsComputed = true;
            return new Target(ref.name(), name, ValueTransform.NONE, !argv.count());
        }
        if (fm.computed()) {
            problems.cannot(ref.span(), Reason.FIELD_NAME, ref.name() + " is computed in this profile (" + fm.expression()
                    + "); the SPL writer tests stored fields only");
            return null;
        }
        if (!SplStrings.isEvalField(fm.target())) {
            problems.cannot(ref.span(), Reason.FIELD_NAME, "target field name " + fm.target() + " cannot be written in SPL");
            return null;
        }
        return new Target(ref.name(), fm.target(), fm.transform(), fm.multiValued());
    }

    static Rendered allOf(List<Rendered> parts) {
        if (parts.size() == 1) return parts.get(0);
        List<String> ev = new ArrayList<>();
        List<String> se = new ArrayList<>();
        List<String> pr = new ArrayList<>();
        boolean exact = true;
        for (Rendered r : parts) {
            ev.add(r.prec() < Rendered.AND ? "(" + r.eval() + ")" : r.eval());
            if (r.search() == null) exact = false;
            else if (!r.search().isEmpty()) se.add(searchGroup(r.search()));
            String p = r.search() != null ? r.search() : r.pre();
            if (p != null && !p.isEmpty()) pr.add(searchGroup(p));
        }
        return new Rendered(String.join(" AND ", ev), Rendered.AND, exact ? String.join(" ", se) : null,
                pr.isEmpty() ? null : String.join(" ", pr));
    }

    static Rendered anyOf(List<Rendered> parts) {
        if (parts.size() == 1) return parts.get(0);
        List<String> ev = new ArrayList<>();
        List<String> se = new ArrayList<>();
        List<String> pr = new ArrayList<>();
        boolean exact = true;
        boolean trueBranch = false;
        boolean allPre = true;
        for (Rendered r : parts) {
            ev.add(r.prec() < Rendered.OR + 1 ? "(" + r.eval() + ")" : r.eval());
            if (r.search() == null) exact = false;
            else if (r.search().isEmpty()) trueBranch = true;
            else se.add(searchGroup(r.search()));
            String p = r.search() != null ? r.search() : r.pre();
            if (p == null || p.isEmpty()) allPre = false;
            else pr.add(searchGroup(p));
        }
        String search = !exact ? null : trueBranch ? "" : "(" + String.join(" OR ", se) + ")";
        return new Rendered(String.join(" OR ", ev), Rendered.OR, search, allPre ? "(" + String.join(" OR ", pr) + ")" : null);
    }

    /** Parenthesises a compound search expression (the search command gives OR precedence over AND). */
    static String searchGroup(String s) {
        if (s.startsWith("(") && closesAtEnd(s)) return s;
        return isSimpleTerm(s) ? s : "(" + s + ")";
    }

    private static boolean closesAtEnd(String s) {
        int depth = 0;
        boolean q = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (q) {
                if (c == '\\') i++;
                else if (c == '"') q = false;
                continue;
            }
            if (c == '"') q = true;
            else if (c == '(') depth++;
            else if (c == ')' && --depth == 0 && i < s.length() - 1) return false;
        }
        return true;
    }

    /** A single term: no top-level space outside quotes, or {@code NOT} followed by a simple term. */
    private static boolean isSimpleTerm(String s) {
        if (s.startsWith("NOT ")) return isSimpleTerm(s.substring(4)) || s.substring(4).startsWith("(") && closesAtEnd(s.substring(4));
        return searchTokens(s).size() <= 1;
    }

    /** The terms of a search expression, split at top-level spaces (outside quotes and parentheses). */
    static List<String> searchTokens(String search) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < search.length(); i++) {
            char c = search.charAt(i);
            if (quoted) {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ' ' && depth == 0) {
                if (i > start) out.add(search.substring(start, i));
                start = i + 1;
            }
        }
        if (start < search.length()) out.add(search.substring(start));
        return out;
    }


    // ------------------------------------------------------------------ leaves

    private Rendered refused(Span span, String message) {
        problems.cannot(span, Reason.EXPRESSION, message);
        return new Rendered("true()", Rendered.ATOM, "", null);
    }

    private static Rendered constant(boolean b) {
        return new Rendered(b ? "true()" : "false()", Rendered.ATOM, b ? "" : null, null);
    }

    private Rendered leaf(Expr e, boolean neg) {
        return e.accept(new ExprVisitor<Rendered>() {
            @Override public Rendered visitCompare(Compare c) { return compare(c, neg); }
            @Override public Rendered visitMatch(Match m) { return match(m, neg); }
            @Override public Rendered visitIn(In in) { return in(in, neg); }
            @Override public Rendered visitCall(Call call) { return call(call, neg); }

            @Override public Rendered visitLiteral(Literal l) {
                return refused(l.span(), "a constant " + l.value() + " used as a condition");
            }

            @Override public Rendered visitField(FieldRef f) {
                return refused(f.span(), "a bare field " + f.name() + " used as a condition");
            }

            @Override public Rendered visitArithmetic(Arithmetic a) {
                return refused(a.span(), "arithmetic used as a condition");
            }

            @Override public Rendered visitNegate(Negate n) {
                return refused(n.span(), "arithmetic used as a condition");
            }

            @Override public Rendered visitAnd(And a) { throw new IllegalStateException("and inside a leaf"); }
            @Override public Rendered visitOr(Or o) { throw new IllegalStateException("or inside a leaf"); }
            @Override public Rendered visitNot(Not n) { throw new IllegalStateException("not inside a leaf"); }
        });
    }

    private Rendered compare(Compare c, boolean neg) {
        Expr l = c.left();
        Expr r = c.right();
        Compare.Op op = c.op();
        if (l instanceof Literal && !(r instanceof Literal)) {
            Expr t = l; l = r; r = t;
            op = op.flip();
        }
        if (!(r instanceof Literal lit)) {
            return refused(c.span(), "comparing two expressions (" + op.symbol() + " between fields or functions) cannot be written in SPL exactly");
        }
        if (l instanceof Call call && call.function() == Function.LENGTH && call.args().size() == 1
                && call.args().get(0) instanceof FieldRef f && lit.isNumber()) {
            Target t = resolve(f);
            if (t == null) return constant(true);
            if (t.multi() || t.transform() != ValueTransform.NONE) {
                return refused(c.span(), "length() of " + f.name() + " (multi-valued or transformed in the target)");
            }
            return numeric("len(" + SplStrings.evalField(t.name()) + ")", t, op, (Number) lit.value(), neg);
        }
        if (!(l instanceof FieldRef f)) return refused(c.span(), "this comparison has no SPL equivalent");
        if (lit.isNull()) {
            if (op != Compare.Op.EQ && op != Compare.Op.NE) return refused(c.span(), "ordering against null");
            Target t = resolve(f);
            if (t == null) return constant(true);
            boolean isNull = (op == Compare.Op.EQ) ^ neg;
            String fe = SplStrings.evalField(t.name());
            return new Rendered((isNull ? "isnull(" : "isnotnull(") + fe + ")", Rendered.ATOM, null, null);
        }
        if (lit.isString() || lit.isBoolean()) {
            if (op != Compare.Op.EQ) {
                return refused(c.span(), "string ordering (" + op.symbol() + ") cannot be written exactly: SPL compares numeric-looking strings as numbers");
            }
            String v = lit.isString() ? lit.asString() : lit.value().toString();
            return strings(f, List.of(StringPattern.literal(v, false)), neg, c.span());
        }
        Target t = resolve(f);
        if (t == null) return constant(true);
        if (t.transform() != ValueTransform.NONE) {
            return refused(c.span(), "a numeric comparison on " + f.name() + ", which the profile derives from " + t.name());
        }
        return numeric("tonumber(" + SplStrings.evalField(t.name()) + ", 10)", t, op, (Number) lit.value(), neg);
    }

    static String number(Number n) {
        if (n instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) throw new IllegalArgumentException("not a finite number: " + d);
            return new BigDecimal(d).stripTrailingZeros().toPlainString();
        }
        return n.toString();
    }

    private Rendered numeric(String operand, Target t, Compare.Op op, Number n, boolean neg) {
        String cmp = operand + opText(op) + number(n);
        if (t.multi()) {
            String filter = "mvfilter(" + cmp + ")";
            return new Rendered((neg ? "isnull(" : "isnotnull(") + filter + ")", Rendered.ATOM, null, null);
        }
        if (!neg) return new Rendered(cmp, Rendered.ATOM, null, null);
        return new Rendered("isnull(" + operand + ") OR NOT (" + cmp + ")", Rendered.OR, null, null);
    }

    private static String opText(Compare.Op op) {
        return switch (op) {
            case EQ -> "==";
            case NE -> "!=";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
        };
    }

    private Rendered match(Match m, boolean neg) {
        if (!(m.subject() instanceof FieldRef f)) {
            return refused(m.span(), "a pattern match on a computed value cannot be written in SPL exactly");
        }
        if (m.kind() == Match.Kind.REGEX) {
            List<EqlRegex> res = new ArrayList<>();
            for (Literal p : m.patterns()) {
                try {
                    res.add(EqlRegex.compile(p.asString(), m.caseInsensitive()));
                } catch (IllegalArgumentException ex) {
                    return refused(p.span(), "regex cannot be translated: " + ex.getMessage());
                }
            }
            return regex(f, res, neg, m.span());
        }
        List<StringPattern> pats = new ArrayList<>();
        for (Literal p : m.patterns()) {
            if (p.isNull()) return refused(p.span(), "null as a pattern");
            String text = p.isString() ? p.asString() : p.isNumber() ? number((Number) p.value()) : p.value().toString();
            boolean ci = m.kind() == Match.Kind.COLON || m.caseInsensitive();
            pats.add(p.isString() ? StringPattern.wildcard(text, ci) : StringPattern.literal(text, ci));
        }
        return strings(f, pats, neg, m.span());
    }

    private Rendered in(In in, boolean neg) {
        if (!(in.subject() instanceof FieldRef f)) {
            return refused(in.span(), "membership of a computed value cannot be written in SPL exactly");
        }
        List<StringPattern> pats = new ArrayList<>();
        List<Rendered> nums = new ArrayList<>();
        for (Expr v : in.values()) {
            if (!(v instanceof Literal lit) || lit.isNull()) return refused(v.span(), "only constants can be listed in SPL");
            if (lit.isNumber()) {
                Target t = resolve(f);
                if (t == null) return constant(true);
                if (t.transform() != ValueTransform.NONE) return refused(v.span(), "a numeric value for a derived field");
                nums.add(numeric("tonumber(" + SplStrings.evalField(t.name()) + ", 10)", t, Compare.Op.EQ, (Number) lit.value(), neg));
            } else {
                pats.add(StringPattern.literal(lit.isString() ? lit.asString() : lit.value().toString(), in.caseInsensitive()));
            }
        }
        List<Rendered> parts = new ArrayList<>();
        if (!pats.isEmpty()) parts.add(strings(f, pats, neg, in.span()));
        parts.addAll(nums);
        return neg ? allOf(parts) : anyOf(parts);
    }

    private Rendered call(Call call, boolean neg) {
        Function fn = call.function();
        List<Expr> args = call.args();
        if (fn == Function.STARTSWITH || fn == Function.ENDSWITH || fn == Function.STRINGCONTAINS) {
            if (args.size() == 2 && args.get(0) instanceof FieldRef a && args.get(1) instanceof FieldRef b
                    && fn != Function.STRINGCONTAINS) {
                return fieldAffix(call, a, b, neg);
            }
            if (args.size() != 2 || !(args.get(0) instanceof FieldRef f) || !(args.get(1) instanceof Literal lit) || !lit.isString()) {
                return refused(call.span(), fn.displayName() + (call.caseInsensitive() ? "~" : "")
                        + " with arguments other than a field and a string constant has no exact SPL translation");
            }
            boolean ci = call.caseInsensitive();
            String v = lit.asString();
            StringPattern p = fn == Function.STARTSWITH ? StringPattern.prefix(v, ci)
                    : fn == Function.ENDSWITH ? StringPattern.suffix(v, ci) : StringPattern.contains(v, ci);
            return strings(f, List.of(p), neg, call.span());
        }
        if (fn == Function.CIDRMATCH) {
            if (args.size() < 2 || !(args.get(0) instanceof FieldRef f)) {
                return refused(call.span(), "cidrMatch on a computed value");
            }
            List<String> blocks = new ArrayList<>();
            for (int i = 1; i < args.size(); i++) {
                if (!(args.get(i) instanceof Literal lit) || !lit.isString()) return refused(args.get(i).span(), "a CIDR block that is not a string constant");
                try {
                    Cidr.parse(lit.asString());
                } catch (RuntimeException ex) {
                    return refused(lit.span(), "not a CIDR block: " + lit.asString());
                }
                if (!SplStrings.isPrintableAscii(lit.asString())) return refused(lit.span(), "not a CIDR block: " + lit.asString());
                blocks.add(lit.asString());
            }
            Target t = resolve(f);
            if (t == null) return constant(true);
            if (t.transform() != ValueTransform.NONE) return refused(call.span(), "cidrMatch on a derived field");
            String fe = SplStrings.evalField(t.name());
            List<String> tests = new ArrayList<>();
            for (String b : blocks) tests.add("cidrmatch(" + SplStrings.quote(b) + ", " + fe + ")");
            String any = String.join(" OR ", tests);
            if (t.multi()) {
                return new Rendered((neg ? "isnull(mvfilter(" : "isnotnull(mvfilter(") + any + "))", Rendered.ATOM, null, null);
            }
            if (!neg) return new Rendered(any, tests.size() > 1 ? Rendered.OR : Rendered.ATOM, null, null);
            return new Rendered("isnull(" + fe + ") OR NOT (" + any + ")", Rendered.OR, null, null);
        }
        return refused(call.span(), fn.displayName() + "() has no exact SPL translation here");
    }

    /**
     * {@code startsWith(a, b)} / {@code endsWith(a, b)} with two fields, case-sensitive, single-valued:
     * {@code substr} and {@code len} count the same characters, so the prefix/suffix test is exact. The
     * case-insensitive variants are refused: SPL's {@code lower()} is not EQL's ASCII-only folding.
     */
    private Rendered fieldAffix(Call call, FieldRef a, FieldRef b, boolean neg) {
        if (call.caseInsensitive()) {
            return refused(call.span(), call.function().displayName() + "~ between two fields: SPL can only fold case with"
                    + " lower(), which does not fold exactly the ASCII letters EQL folds");
        }
        Target ta = resolve(a);
        Target tb = resolve(b);
        if (ta == null || tb == null) return constant(true);
        if (ta.multi() || tb.multi() || ta.transform() != ValueTransform.NONE || tb.transform() != ValueTransform.NONE) {
            return refused(call.span(), call.function().displayName() + " between multi-valued or derived fields");
        }
        String fa = SplStrings.evalField(ta.name());
        String fb = SplStrings.evalField(tb.name());
        String test = call.function() == Function.STARTSWITH
                ? "substr(" + fa + ", 1, len(" + fb + "))==" + fb
                : "len(" + fb + ")==0 OR substr(" + fa + ", -len(" + fb + "))==" + fb;
        String pos = "isnotnull(" + fa + ") AND isnotnull(" + fb + ") AND (" + test + ")";
        if (!neg) return new Rendered(pos, Rendered.AND, null, null);
        return new Rendered("NOT (" + pos + ")", Rendered.ATOM, null, null);
    }

    // ------------------------------------------------------------------ string tests

    private Rendered strings(FieldRef f, List<StringPattern> pats, boolean neg, Span span) {
        Target t = resolve(f);
        if (t == null) return constant(true);
        String fe = SplStrings.evalField(t.name());
        String sep = t.transform().separator();
        // Alternatives that can match at all under the transform (a base name holds no separator, an
        // extension no dot).
        List<StringPattern> live = new ArrayList<>();
        for (StringPattern p : pats) {
            String lits = p.allLiteralText();
            if (sep != null && lits.contains(sep)) continue;
            if (t.transform() == ValueTransform.DOMAIN && lits.contains("\\")) continue;
            if (t.transform() == ValueTransform.EXTENSION && (lits.contains(".") || lits.contains("\\") || lits.contains("/"))) continue;
            live.add(p);
        }
        if (live.isEmpty()) {
            // the lowering folds these away; a value it did not catch is left out rather than written as a constant
            problems.cannot(span, Reason.DERIVED_VALUE, "no value can be " + f.name() + ", which the profile derives from " + t.name());
            return constant(true);
        }

        String eval;
        int prec = Rendered.ATOM;
        String regex = regex(live, t);
        if (t.multi()) {
            eval = (neg ? "isnull(mvfind(" : "isnotnull(mvfind(") + fe + ", " + SplStrings.quote(regex) + "))";
        } else {
            String pos = null;
            int posPrec = Rendered.ATOM;
            if (t.transform() == ValueTransform.NONE) {
                boolean plainEq = true;
                for (StringPattern p : live) {
                    if (p.caseInsensitive() || !p.isLiteral() || !SplStrings.isSafeLiteral(p.literalText())) plainEq = false;
                }
                if (plainEq) {
                    if (live.size() == 1) {
                        pos = fe + "==" + SplStrings.quote(live.get(0).literalText());
                        posPrec = Rendered.AND; // a comparison: parenthesise under NOT
                    } else {
                        List<String> vs = new ArrayList<>();
                        for (StringPattern p : live) vs.add(SplStrings.quote(p.literalText()));
                        pos = "in(" + fe + ", " + String.join(", ", vs) + ")";
                    }
                } else if (live.size() == 1 && live.get(0).likePattern() != null) {
                    pos = "like(" + fe + ", " + SplStrings.quote(live.get(0).likePattern()) + ")";
                }
            }
            if (pos == null) pos = "match(" + fe + ", " + SplStrings.quote(regex) + ")";
            if (!neg) {
                eval = pos;
                prec = posPrec;
            } else {
                eval = "isnull(" + fe + ") OR NOT " + (posPrec == Rendered.ATOM ? pos : "(" + pos + ")");
                prec = Rendered.OR;
            }
        }
        String search = searchExact(t, live);
        String pre = search != null ? null : neg ? null : searchSuperset(t, live);
        if (search != null && neg) search = "NOT " + searchGroup(search);
        return new Rendered(eval, prec, search, pre);
    }

    /** The anchored PCRE for the alternatives under the field's transform. */
    static String regex(List<StringPattern> pats, Target t) {
        boolean allCi = true;
        boolean ascii = true;
        for (StringPattern p : pats) {
            allCi &= p.caseInsensitive();
            ascii &= SplStrings.isPrintableAscii(p.allLiteralText());
        }
        // PCRE's (?i) in UTF mode folds k with the Kelvin sign and s with the long s, where EQL folds ASCII only
        boolean flag = allCi && ascii && pats.stream().noneMatch(p -> p.allLiteralText().matches("(?s).*[kKsS].*"));
        String sep = t.transform().separator();
        String anyChar = ".";
        String anyRun = ".*";
        String head = "";
        String tail = "";
        if (t.transform() == ValueTransform.DOMAIN) {
            // DOMAIN\name: the domain is the text before the one backslash
            anyChar = "[^\\\\]";
            anyRun = anyChar + "*";
            tail = "\\\\.*";
        } else if (sep != null) {
            String q = SplStrings.regexLiteral(sep, false);
            anyChar = "[^" + q + "]";
            anyRun = anyChar + "*";
            head = "(?:.*" + q + ")?";
        } else if (t.transform() == ValueTransform.EXTENSION) {
            anyChar = "[^.\\\\/]";
            anyRun = anyChar + "*";
            head = ".*\\.";
        }
        List<String> alts = new ArrayList<>();
        for (StringPattern p : pats) alts.add(p.regexBody(!flag, anyChar, anyRun));
        String body = alts.size() == 1 ? alts.get(0) : "(?:" + String.join("|", alts) + ")";
        return (flag ? "(?si)" : "(?s)") + "^" + head + body + tail + "\\z";
    }

    /** Exact search terms, or null. */
    private static String searchExact(Target t, List<StringPattern> pats) {
        if (!SplStrings.isSearchField(t.name())) return null;
        List<String> values = new ArrayList<>();
        for (StringPattern p : pats) {
            if (!p.caseInsensitive()) return null;
            String s = p.searchExact();
            if (s == null || p.allLiteralText().isEmpty()) return null;
            if (t.transform() == ValueTransform.NONE) {
                values.add(s);
            } else if (t.transform() == ValueTransform.DOMAIN) {
                return null; // the eval's regex decides; the search prefilters (searchSuperset)
            } else if (t.transform().separator() != null) {
                // base name: exact for a literal name (path ends with \name, or is the name) or *suffix
                if (p.isLiteral()) {
                    values.add("*" + t.transform().separator() + s);
                    values.add(s);
                } else if (p.tokens().size() == 2 && p.tokens().get(0) == StringPattern.Wild.STAR) {
                    values.add(s);
                } else {
                    return null;
                }
            } else {
                if (!p.isLiteral()) return null;
                values.add("*." + s);
            }
        }
        return terms(t.name(), values);
    }

    private static String searchSuperset(Target t, List<StringPattern> pats) {
        if (!SplStrings.isSearchField(t.name())) return null;
        List<String> values = new ArrayList<>();
        for (StringPattern p : pats) {
            String s = p.searchSuperset();
            if (s.replace("*", "").isEmpty()) return null;
            if (t.transform() == ValueTransform.NONE) values.add(s);
            else if (t.transform() == ValueTransform.DOMAIN) values.add(s.endsWith("*") ? s : s + "*");
            else if (t.transform().separator() != null) values.add(s.startsWith("*") ? s : "*" + s);
            else values.add(s.startsWith("*") ? "*." + s.substring(1) : "*." + s);
        }
        return terms(t.name(), values);
    }

    private static String terms(String field, List<String> values) {
        // first occurrences in order (a set: lists of hundreds of values made the list's contains quadratic)
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(values));
        if (distinct.size() == 1) return field + "=" + SplStrings.quote(distinct.get(0));
        List<String> q = new ArrayList<>();
        for (String v : distinct) q.add(SplStrings.quote(v));
        return field + " IN (" + String.join(", ", q) + ")";
    }

    private Rendered regex(FieldRef f, List<EqlRegex> res, boolean neg, Span span) {
        Target t = resolve(f);
        if (t == null) return constant(true);
        if (t.transform() != ValueTransform.NONE) {
            return refused(span, "a regex on " + f.name() + ", which the profile derives from " + t.name());
        }
        List<String> bodies = new ArrayList<>();
        String flags = null;
        for (EqlRegex r : res) {
            if (!r.portable()) return refused(span, "regex " + r.source() + " needs constructs (complement, intersection) that PCRE cannot express here");
            String j = r.javaRegex();
            if (j.startsWith("(?si)") && (r.source().matches("(?s).*[kKsS\\[].*") || !SplStrings.isPrintableAscii(r.source()))) {
                // PCRE's UTF (?i) would fold k, s or a class by Unicode: each ASCII letter with its other case instead
                j = r.javaRegexWithoutFlag();
            }
            String fl = j.startsWith("(?si)") ? "(?si)" : "(?s)";
            if (flags != null && !flags.equals(fl)) return refused(span, "regex alternatives with different case handling");
            flags = fl;
            bodies.add(pcreSafe(j.substring(fl.length())));
        }
        String body = bodies.size() == 1 ? "(?:" + bodies.get(0) + ")" : "(?:(?:" + String.join(")|(?:", bodies) + "))";
        String re = flags + "^" + body + "\\z";
        String fe = SplStrings.evalField(t.name());
        String eval;
        int prec = Rendered.ATOM;
        if (t.multi()) {
            eval = (neg ? "isnull(mvfind(" : "isnotnull(mvfind(") + fe + ", " + SplStrings.quote(re) + "))";
        } else if (!neg) {
            eval = "match(" + fe + ", " + SplStrings.quote(re) + ")";
        } else {
            eval = "isnull(" + fe + ") OR NOT match(" + fe + ", " + SplStrings.quote(re) + ")";
            prec = Rendered.OR;
        }
        return new Rendered(eval, prec, null, null);
    }

    /** Rewrites characters that SPL strings cannot hold (backtick, controls) as PCRE hex escapes. */
    static String pcreSafe(String re) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < re.length(); ) {
            int cp = re.codePointAt(i);
            i += Character.charCount(cp);
            if (SplStrings.unsafe(cp)) sb.append("\\x{").append(Integer.toHexString(cp)).append('}');
            else sb.appendCodePoint(cp);
        }
        return sb.toString();
    }
}
