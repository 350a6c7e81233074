package dev.ruleport.sigma;

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
import dev.ruleport.print.EqlPrinter;
import dev.ruleport.runtime.Cidr;
import dev.ruleport.runtime.Ip;
import dev.ruleport.sigma.Detection.Cond;
import dev.ruleport.sigma.Detection.Item;
import dev.ruleport.sigma.Detection.Sel;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates one filter condition into a Sigma detection tree, exactly, or reports (with the node's position)
 * what Sigma cannot say. Returns {@code null} for a node that had to be dropped (lossy mode); the caller decides
 * what dropping means for the parent.
 *
 * <p>Semantics kept:
 * <ul>
 *   <li>{@code :}, {@code like~}, {@code in~} and the {@code fn~} string functions: Sigma's default
 *       case-insensitive match; {@code ==}, {@code in}, {@code like} and the case-sensitive functions: {@code |cased}.
 *       EQL folds ASCII letters only, so a case-insensitive value with a non-ASCII cased letter is refused.</li>
 *   <li>EQL wildcards {@code *}/{@code ?} stay Sigma wildcards; characters that are literal in EQL
 *       ({@code ==}/{@code in} values, function arguments) are escaped ({@link SigmaString}).</li>
 *   <li>{@code not}, {@code !=} and {@code not in} become {@code not} in the condition: like EQL (which
 *       Elasticsearch runs as {@code must_not}), Sigma's {@code not} holds for events lacking the field.</li>
 *   <li>{@code x == null} is the Sigma {@code null} value, {@code x != null} its negation (the spec's idiom).</li>
 *   <li>Multi-valued fields: an item holds if any value matches, in EQL and in Sigma.</li>
 * </ul>
 */
final class ExprTranslator extends ConditionRenderer<Cond> implements ExprVisitor<Cond> {
    private final LoweredFilter filter;
    private final java.util.Map<String, String> renames = new java.util.LinkedHashMap<>();
    private Problems problems;

    ExprTranslator(Refusals refusals, LoweredFilter filter) {
        super(refusals);
        this.filter = filter;
    }

    /** Target field → ECS field for every plain rename used so far (what the reader needs to read them back). */
    java.util.Map<String, String> renames() { return renames; }

    // ------------------------------------------------------------------ connectives

    @Override protected Cond and(List<Cond> parts) { return Detection.and(new ArrayList<>(parts)); }

    @Override protected Cond or(List<Cond> parts) { return Detection.or(new ArrayList<>(parts)); }

    @Override protected Cond leaf(Expr e, boolean negated, Problems p) {
        this.problems = p;
        Cond c = e.accept(this);
        if (c == null) return null; // a problem was reported: the leaf is dropped
        return negated ? Detection.not(c) : c;
    }

    @Override public Cond visitAnd(And node) { throw new IllegalStateException("and inside a leaf"); }

    @Override public Cond visitOr(Or node) { throw new IllegalStateException("or inside a leaf"); }

    @Override public Cond visitNot(Not node) { throw new IllegalStateException("not inside a leaf"); }

    // ------------------------------------------------------------------ leaves

    @Override public Cond visitMatch(Match m) {
        FieldRef f = field(m.subject(), m.kind() == Match.Kind.REGEX ? "regex" : m.kind() == Match.Kind.LIKE ? "like" : ":");
        if (f == null) return null;
        Target t = target(f);
        if (t == null) return null;
        boolean cased = m.kind() != Match.Kind.COLON && !m.caseInsensitive();
        if (m.kind() == Match.Kind.REGEX) return regex(m, t);
        List<SigmaString> values = new ArrayList<>();
        for (Literal p : m.patterns()) {
            if (p.isNull()) return cannot(p.span(), "a null pattern");
            values.add(SigmaString.eqlWildcard(String.valueOf(p.value())));
        }
        return strings(t, values, cased, m.span());
    }

    private Cond regex(Match m, Target t) {
        if (t.transform != ValueTransform.NONE) {
            return cannot(m.span(), "regex on " + EqlPrinter.print(m.subject()) + ", which " + t.name + " holds only as part of a longer value ("
                    + t.transform.name().toLowerCase() + ")");
        }
        List<Cond> alternatives = new ArrayList<>();
        for (Literal p : m.patterns()) {
            Cond re = regexOn(t, p.asString(), m.caseInsensitive(), p.span());
            if (re == null) return null;
            alternatives.add(re);
        }
        return Detection.or(alternatives);
    }

    /** A Lucene regex (whole value) on {@code t}'s target field as a Sigma {@code |re}; null after refusing it. */
    private Cond regexOn(Target t, String lucene, boolean caseInsensitive, Span span) {
        SigmaRegex.Sigma s;
        try {
            s = SigmaRegex.toSigma(lucene, caseInsensitive);
        } catch (SigmaRegex.Untranslatable e) {
            return cannot(span, Reason.PATTERN, e.getMessage());
        }
        Cond re = Sel.of(Item.of(t.name + "|" + s.modifiers(), s.regex()));
        if (s.newlineGuard()) {
            // ^B$ also finds B before a final line feed, and B matches no line feed: exclude values ending in one
            if (filter.lookup(t.ecs).map(FieldMapping::multiValued).orElse(false)) {
                return cannot(span, "regex on the multi-valued " + t.ecs + ": a Sigma regex's $ also matches "
                        + "before a final line feed, and excluding values that end in one cannot be tied to the value "
                        + "the regex matched");
            }
            Cond noFinalNewline = Detection.not(Sel.of(Item.of(t.name + "|endswith", SigmaString.literal("\n").text())));
            re = Detection.and(new ArrayList<>(List.of(re, noFinalNewline)));
        }
        return re;
    }

    /**
     * A wildcard pattern on the last segment of a path, as a Lucene regex on the whole path: an optional directory
     * part ending in the separator, then the pattern with each wildcard kept inside the segment ({@code [^\\]*},
     * {@code [^\\]}); null when a literal part holds the separator (the last segment never does).
     */
    private static String basenameRegex(SigmaString v, String sep) {
        String notSep = "[^" + luceneEscape(sep) + "]";
        StringBuilder re = new StringBuilder("(.*" + luceneEscape(sep) + ")?");
        for (SigmaString.Part p : v.parts()) {
            if (p.isWildcard()) {
                re.append(notSep).append(p.star() ? "*" : "");
            } else {
                if (p.text().contains(sep)) return null;
                re.append(luceneEscape(p.text()));
            }
        }
        return re.toString();
    }

    /** Every character but letters and digits escaped: Lucene reads a backslash before any character as that character. */
    static String luceneEscape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (!(c < 0x80 && Character.isLetterOrDigit(c))) sb.append('\\');
            sb.appendCodePoint(c);
        });
        return sb.toString();
    }

    @Override public Cond visitCompare(Compare c) {
        Expr left = c.left();
        Expr right = c.right();
        Compare.Op op = c.op();
        if (!(left instanceof FieldRef) && right instanceof FieldRef) {
            Expr tmp = left; left = right; right = tmp;
            op = op.flip();
        }
        if (left instanceof Call call && right instanceof Literal lit && lit.value() instanceof Boolean b
                && (op == Compare.Op.EQ || op == Compare.Op.NE)) {
            if (b && op == Compare.Op.EQ) return visitCall(call);
            if (b) {
                Cond inner = visitCall(call);
                return inner == null ? null : Detection.not(inner);
            }
            return cannot(c.span(), "comparing " + call.function().displayName() + "(...) with false: it is false, not true, "
                    + "for events lacking the field and, on multi-valued fields, true when any one value fails; Sigma has no such test");
        }
        FieldRef lf = dev.ruleport.lower.Normalizer.nonEmptyTestField(new Compare(op, left, right, c.span()));
        if (lf != null) {
            // length(f) > 0 (or >= 1, != 0) holds exactly for a non-empty string: one character, then any
            Target t = target(lf);
            if (t == null) return null;
            if (t.transform != ValueTransform.NONE) return transformNotString(c.span(), lf, t);
            return Sel.of(Item.of(t.name, "?*"));
        }
        if (!(left instanceof FieldRef f)) {
            return cannot(c.span(), "comparison " + EqlPrinter.print(c) + ": Sigma compares fields with constants only");
        }
        if (right instanceof FieldRef g) return fieldToField(c, op, f, g);
        if (!(right instanceof Literal lit)) {
            return cannot(c.span(), "comparison " + EqlPrinter.print(c) + ": Sigma compares fields with constants only");
        }
        Target t = target(f);
        if (t == null) return null;
        if (lit.isNull()) {
            if (op != Compare.Op.EQ && op != Compare.Op.NE) return cannot(c.span(), "ordering against null");
            if (t.transform == ValueTransform.EXTENSION) {
                // the extension is the text after the path's last dot when no separator follows that dot (as
                // verify.Projection derives it): present exactly when the path has such a dot, so missing when the
                // path is missing or has none; not "the path is missing"
                Cond present = regexOn(t, ".*" + luceneEscape(".") + "[^" + luceneEscape("/\\") + "]*", false, c.span());
                if (present == null) return null;
                return op == Compare.Op.EQ ? Detection.not(present) : present;
            }
            Cond isNull = Sel.of(Item.of(t.name, null));
            return op == Compare.Op.EQ ? isNull : Detection.not(isNull);
        }
        if (t.transform == ValueTransform.ARGUMENT_COUNT) return argumentCount(t, op, lit, c.span());
        Cond cond;
        switch (op) {
            case EQ, NE -> {
                if (lit.isString()) {
                    cond = strings(t, List.of(SigmaString.literal(lit.asString())), true, c.span());
                } else {
                    if (t.transform != ValueTransform.NONE) return transformNotString(c.span(), f, t);
                    cond = Sel.of(Item.of(t.name, lit.value()));
                }
                if (cond == null) return null;
                return op == Compare.Op.EQ ? cond : Detection.not(cond);
            }
            default -> {
                if (!lit.isNumber()) {
                    return cannot(c.span(), "ordering " + EqlPrinter.print(c) + " compares "
                            + (lit.isString() ? "strings (case-sensitive, by code point)" : "non-numbers")
                            + "; Sigma's lt/lte/gt/gte compare numbers only");
                }
                if (t.transform != ValueTransform.NONE) return transformNotString(c.span(), f, t);
                String mod = switch (op) {
                    case LT -> "lt";
                    case LE -> "lte";
                    case GT -> "gt";
                    default -> "gte";
                };
                return Sel.of(Item.of(t.name + "|" + mod, lit.value()));
            }
        }
    }

    /**
     * A comparison of a line's token count with a whole number, as regexes on the line: the count is missing for a
     * blank line (no comparison holds then), so the counts that satisfy the comparison are taken from 1 up.
     */
    private Cond argumentCount(Target t, Compare.Op op, Literal lit, Span span) {
        long n;
        if (lit.value() instanceof Long l) n = l;
        else if (lit.value() instanceof Integer i) n = i;
        else return cannot(span, Reason.DERIVED_VALUE, t.ecs + " (a count of " + t.name + "'s arguments) compared with " + lit.value());
        if (n > 64 || n < -64) return cannot(span, "argument count compared with " + n + ": only counts up to 64 are written as a regex");
        int k = (int) n;
        // the satisfying counts as [from, to] (to = -1: unbounded), minus one excluded count (for !=)
        int from = 1, to = -1, except = -1;
        switch (op) {
            case EQ -> { from = Math.max(k, 1); to = k; }
            case NE -> except = k;
            case LT -> to = k - 1;
            case LE -> to = k;
            case GT -> from = Math.max(k + 1, 1);
            default -> from = Math.max(k, 1);
        }
        if (to != -1 && to < from) {
            return cannot(span, Reason.DERIVED_VALUE, t.ecs + " " + op.symbol() + " " + k + " never holds on " + t.name
                    + ": a line with no argument has no count");
        }
        Cond atLeast = regexOn(t, ArgumentRegex.atLeast(from), false, span);
        if (atLeast == null) return null;
        List<Cond> parts = new ArrayList<>(List.of(atLeast));
        if (to != -1) {
            Cond more = regexOn(t, ArgumentRegex.atLeast(to + 1), false, span);
            if (more == null) return null;
            parts.add(Detection.not(more));
        }
        if (except >= 1) {
            Cond that = regexOn(t, ArgumentRegex.exactly(except), false, span);
            if (that == null) return null;
            parts.add(Detection.not(that));
        }
        return parts.size() == 1 ? atLeast : Detection.and(parts);
    }

    private Cond fieldToField(Compare c, Compare.Op op, FieldRef f, FieldRef g) {
        if (op != Compare.Op.EQ && op != Compare.Op.NE) {
            return cannot(c.span(), "ordering between two fields: Sigma's fieldref compares for equality only");
        }
        Target a = target(f);
        Target b = target(g);
        if (a == null || b == null) return null;
        if (a.transform != ValueTransform.NONE || b.transform != ValueTransform.NONE) {
            return cannot(c.span(), "field comparison through a derived field (" + a.transform + ", " + b.transform + ")");
        }
        Cond eq = Sel.of(Item.of(a.name + "|fieldref|cased", b.name));
        return op == Compare.Op.EQ ? eq : Detection.not(eq);
    }

    @Override public Cond visitIn(In in) {
        FieldRef f = field(in.subject(), in.caseInsensitive() ? "in~" : "in");
        if (f == null) return null;
        Target t = target(f);
        if (t == null) return null;
        List<SigmaString> strings = new ArrayList<>();
        List<Object> others = new ArrayList<>();
        for (Expr v : in.values()) {
            if (!(v instanceof Literal lit)) return cannot(v.span(), "in (...) with a non-constant value " + EqlPrinter.print(v));
            if (lit.isNull()) return cannot(v.span(), "null inside in (...)");
            if (lit.isString()) strings.add(SigmaString.literal(lit.asString()));
            else others.add(lit.value());
        }
        List<Cond> parts = new ArrayList<>();
        if (!strings.isEmpty()) {
            Cond s = strings(t, strings, !in.caseInsensitive(), in.span());
            if (s == null) return null;
            parts.add(s);
        }
        if (!others.isEmpty()) {
            if (t.transform != ValueTransform.NONE) return transformNotString(in.span(), f, t);
            parts.add(Sel.of(new Item(t.name, others)));
        }
        return Detection.or(parts);
    }

    @Override public Cond visitCall(Call call) {
        Function fn = call.function();
        switch (fn) {
            case STARTSWITH, ENDSWITH, STRINGCONTAINS -> {
                FieldRef f = field(call.args().get(0), fn.displayName());
                if (f == null) return null;
                if (!(call.args().get(1) instanceof Literal lit) || !lit.isString()) {
                    return cannot(call.args().get(1).span(), fn.displayName() + " with a non-constant argument "
                            + EqlPrinter.print(call.args().get(1)) + ": Sigma's " + modifierOf(fn)
                            + " compares a field with constants only");
                }
                Target t = target(f);
                if (t == null) return null;
                if (t.transform == ValueTransform.ARGUMENT) {
                    // some argument starts with, ends with or contains the text: a wildcard pattern on the tokens
                    SigmaString.Part text = SigmaString.Part.literal(lit.asString());
                    List<SigmaString.Part> parts = switch (fn) {
                        case STARTSWITH -> List.of(text, SigmaString.Part.STAR);
                        case ENDSWITH -> List.of(SigmaString.Part.STAR, text);
                        default -> List.of(SigmaString.Part.STAR, text, SigmaString.Part.STAR);
                    };
                    return strings(t, List.of(SigmaString.of(parts)), !call.caseInsensitive(), call.span());
                }
                if (t.transform != ValueTransform.NONE) {
                    return cannot(call.span(), fn.displayName() + " on " + f.name() + ", which " + t.name
                            + " holds only as part of a longer value (" + t.transform.name().toLowerCase() + ")");
                }
                SigmaString v = SigmaString.literal(lit.asString());
                if (call.caseInsensitive() && !ciSafe(List.of(v), call.span())) return null;
                String key = t.name + "|" + modifierOf(fn) + (call.caseInsensitive() || !hasCase(v.text()) ? "" : "|cased");
                return Sel.of(Item.of(key, v.text()));
            }
            case CIDRMATCH -> {
                FieldRef f = field(call.args().get(0), "cidrMatch");
                if (f == null) return null;
                Target t = target(f);
                if (t == null) return null;
                if (t.transform != ValueTransform.NONE) return transformNotString(call.span(), f, t);
                List<Object> blocks = new ArrayList<>();
                for (Expr a : call.args().subList(1, call.args().size())) {
                    if (!(a instanceof Literal lit) || !lit.isString()) {
                        return cannot(a.span(), "cidrMatch with a non-constant block " + EqlPrinter.print(a));
                    }
                    String block = cidr(lit);
                    if (block == null) return null;
                    if (!blocks.contains(block)) blocks.add(block);
                }
                return Sel.of(new Item(t.name + "|cidr", blocks));
            }
            default -> {
                return cannot(call.span(), Reason.FUNCTION, "function " + fn.displayName() + (call.caseInsensitive() ? "~" : "")
                        + "(...): Sigma has no equivalent");
            }
        }
    }

    private static String modifierOf(Function fn) {
        return switch (fn) {
            case STARTSWITH -> "startswith";
            case ENDSWITH -> "endswith";
            default -> "contains";
        };
    }

    /**
     * A CIDR block as Sigma writes it: network address (host bits cleared, as EQL ignores them), prefix length
     * in the written family; a bare address is a full-length block. IPv6 blocks that reach into the IPv4-mapped
     * range are refused: EQL matches IPv4 values against them, a Sigma backend would not.
     */
    private String cidr(Literal lit) {
        Cidr c;
        try {
            c = Cidr.parse(lit.asString());
        } catch (IllegalArgumentException e) {
            return cannotString(lit.span(), e.getMessage());
        }
        boolean v4 = lit.asString().indexOf(':') < 0;
        Ip net = c.network();
        if (v4) return net + "/" + (c.prefixLength() - 96);
        byte[] b = net.toBytes();
        int p = c.prefixLength();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        boolean overlaps = true;
        for (int bit = 0; bit < Math.min(p, 96); bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((b[bit / 8] & mask) != (mapped[bit / 8] & mask)) { overlaps = false; break; }
        }
        if (overlaps) {
            return cannotString(lit.span(), "CIDR block " + lit.asString() + " covers IPv4-mapped addresses, which EQL "
                    + "matches with IPv4 values and Sigma backends do not");
        }
        return net + "/" + p;
    }

    // ------------------------------------------------------------------ strings through the profile

    /**
     * A match of {@code t}'s ECS field against string values (wildcards where the values have them): as the
     * readable modifier when all values share a shape, through the field's transform when the profile has one.
     */
    private Cond strings(Target t, List<SigmaString> values, boolean cased, Span span) {
        if (!cased && !ciSafe(values, span)) return null;
        // without a cased letter, matching ignoring case is matching with it: Sigma's default then says the same
        String cs = cased && values.stream().anyMatch(v -> hasCase(v.text())) ? "|cased" : "";
        switch (t.transform) {
            case NONE -> {
                return Sel.of(shaped(t.name, values, cs));
            }
            case BASENAME_BACKSLASH, BASENAME_SLASH -> {
                String sep = t.transform.separator();
                List<Object> suffixes = new ArrayList<>();
                List<Object> whole = new ArrayList<>();
                // a wildcard in Sigma may match across the separator: such a value is a regex on the whole path whose
                // wildcards stay inside the last segment
                List<Cond> patterns = new ArrayList<>();
                for (SigmaString v : values) {
                    if (v.hasWildcards()) {
                        String lucene = basenameRegex(v, sep);
                        if (lucene == null) continue; // a literal part holds the separator: never the last segment
                        Cond re = regexOn(t, lucene, !cased, span);
                        if (re == null) return null;
                        patterns.add(re);
                        continue;
                    }
                    String s = v.literalText();
                    if (s.contains(sep)) continue; // never the last segment: this value cannot match
                    suffixes.add(SigmaString.literal(sep + s).text());
                    whole.add(v.text());
                }
                if (whole.isEmpty() && patterns.isEmpty()) {
                    return cannot(span, "every value contains '" + sep + "', so " + t.ecs + " (the last segment of "
                            + t.name + ") can never equal it");
                }
                if (!whole.isEmpty()) {
                    patterns.add(0, new Sel(List.of(List.of(new Item(t.name + "|endswith" + cs, suffixes)),
                            List.of(new Item(t.name + cs, whole)))));
                }
                return Detection.or(patterns);
            }
            case EXTENSION -> {
                List<Object> suffixes = new ArrayList<>();
                for (SigmaString v : values) {
                    if (v.hasWildcards()) {
                        return cannot(span, "wildcard pattern '" + v.eqlPattern() + "' on " + t.ecs
                                + ", which the profile derives from " + t.name);
                    }
                    String s = v.literalText();
                    if (s.isEmpty() || s.contains(".") || s.contains("\\") || s.contains("/")) {
                        return cannot(span, "extension value '" + s + "' on " + t.ecs + ": only a non-empty extension "
                                + "without '.', '\\' or '/' is exactly 'ends with .value'");
                    }
                    suffixes.add(SigmaString.literal("." + s).text());
                }
                return Sel.of(new Item(t.name + "|endswith" + cs, suffixes));
            }
            case DOMAIN -> {
                // DOMAIN\name with one backslash (Sysmon's User): the domain is the text before it
                List<Object> prefixes = new ArrayList<>();
                for (SigmaString v : values) {
                    if (v.hasWildcards()) {
                        return cannot(span, "wildcard pattern '" + v.eqlPattern() + "' on " + t.ecs
                                + ", which the profile takes from " + t.name + " (the text before its \\)");
                    }
                    String s = v.literalText();
                    if (s.contains("\\")) continue; // never the text before the one backslash
                    prefixes.add(SigmaString.literal(s + "\\").text());
                }
                if (prefixes.isEmpty()) {
                    return cannot(span, "every value contains '\\', so " + t.ecs + " (the text before the \\ of "
                            + t.name + ") can never equal it");
                }
                return Sel.of(new Item(t.name + "|startswith" + cs, prefixes));
            }
            case ARGUMENT -> {
                // the line's tokens are the arguments (the profile's equivalence): "some token matches" as a regex
                String lucene = ArgumentRegex.anyToken(values);
                if (lucene == null) {
                    return cannot(span, "no value can be an argument of " + t.name + " (each holds a space or is empty), so "
                            + t.ecs + " can never match");
                }
                return regexOn(t, lucene, !cased, span);
            }
            default -> throw new IllegalStateException(t.transform.toString());
        }
    }

    /** Whether a text has a letter with an upper and a lower case (so that {@code |cased} changes what it matches). */
    static boolean hasCase(String text) {
        return text.codePoints().anyMatch(c -> Character.toLowerCase(c) != c || Character.toUpperCase(c) != c
                || Character.toTitleCase(c) != c);
    }

    private static Item shaped(String field, List<SigmaString> values, String cs) {
        SigmaString.Shape shape = values.get(0).shape();
        boolean same = values.stream().allMatch(v -> v.shape() == shape);
        List<Object> texts = new ArrayList<>();
        if (same && (shape == SigmaString.Shape.STARTSWITH || shape == SigmaString.Shape.ENDSWITH
                || shape == SigmaString.Shape.CONTAINS)) {
            for (SigmaString v : values) texts.add(v.core().text());
            String mod = switch (shape) {
                case STARTSWITH -> "|startswith";
                case ENDSWITH -> "|endswith";
                default -> "|contains";
            };
            return new Item(field + mod + cs, dedupe(texts));
        }
        for (SigmaString v : values) texts.add(v.text());
        return new Item(field + cs, dedupe(texts));
    }

    private static List<Object> dedupe(List<Object> values) {
        // first occurrences in order (a set: lists of hundreds of values made the list's contains quadratic)
        return new ArrayList<>(new java.util.LinkedHashSet<>(values));
    }

    /** EQL folds ASCII letters only; Sigma's case-insensitive default folds whatever its backend folds. */
    private boolean ciSafe(List<SigmaString> values, Span span) {
        for (SigmaString v : values) {
            for (SigmaString.Part p : v.parts()) {
                if (p.isWildcard()) continue;
                String s = p.text();
                for (int i = 0; i < s.length(); ) {
                    int cp = s.codePointAt(i);
                    i += Character.charCount(cp);
                    if (cp >= 0x80 && Character.toLowerCase(cp) != Character.toUpperCase(cp)) {
                        cannot(span, Reason.CASE_FOLDING, "case-insensitive match of '" + s + "' with the non-ASCII letter '"
                                + new String(Character.toChars(cp)) + "': EQL folds ASCII letters only, Sigma folds as its backend does");
                        return false;
                    }
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ fields

    /** Where an ECS field lives in the selected log source. */
    record Target(String ecs, String name, ValueTransform transform) {}

    private FieldRef field(Expr subject, String what) {
        if (subject instanceof FieldRef f) return f;
        cannot(subject.span(), what + " applied to " + EqlPrinter.print(subject) + ": Sigma tests fields, not computed values");
        return null;
    }

    Target target(FieldRef f) {
        String ecs = f.name();
        FieldMapping fm = filter.field(f);
        if (fm.computed()) {
            cannot(f.span(), Reason.FIELD_NAME, ecs + " is computed in this profile (" + fm.expression()
                    + "); a Sigma detection names fields only");
            return null;
        }
        if (fm.transform() == ValueTransform.NONE && !fm.target().equals(ecs)) renames.putIfAbsent(fm.target(), ecs);
        return checked(f, new Target(ecs, fm.target(), fm.transform()));
    }

    private Target checked(FieldRef f, Target t) {
        if (t.name.indexOf('|') >= 0 || t.name.isEmpty()) {
            cannot(f.span(), "field name '" + t.name + "' cannot be a Sigma field (the '|' separates modifiers)");
            return null;
        }
        return t;
    }

    private Cond transformNotString(Span span, FieldRef f, Target t) {
        return cannot(span, Reason.DERIVED_VALUE, "non-string comparison on " + f.name() + ", which " + t.name + " holds only as part of a "
                + "longer value (" + t.transform.name().toLowerCase() + ")");
    }

    // ------------------------------------------------------------------ the rest

    @Override public Cond visitLiteral(Literal node) {
        return cannot(node.span(), "constant condition " + EqlPrinter.print(node) + ": Sigma detections test fields");
    }

    @Override public Cond visitField(FieldRef node) {
        return cannot(node.span(), "bare field " + node.name() + " used as a condition (true when a value is the "
                + "boolean true): Sigma has no such test; write " + node.name() + " == true");
    }

    @Override public Cond visitArithmetic(Arithmetic node) {
        return cannot(node.span(), "arithmetic " + EqlPrinter.print(node) + ": Sigma has none");
    }

    @Override public Cond visitNegate(Negate node) {
        return cannot(node.span(), "arithmetic " + EqlPrinter.print(node) + ": Sigma has none");
    }

    private Cond cannot(Span span, String message) { return cannot(span, Reason.EXPRESSION, message); }

    private Cond cannot(Span span, Reason reason, String message) {
        problems.cannot(span, reason, message);
        return null;
    }

    private String cannotString(Span span, String message) {
        problems.cannot(span, Reason.PATTERN, message);
        return null;
    }
}
