package dev.ruleport.interpret;

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
import dev.ruleport.runtime.Cidr;
import dev.ruleport.runtime.EqlRegex;
import dev.ruleport.runtime.Event;
import dev.ruleport.runtime.FieldAccessor;
import dev.ruleport.runtime.Functions;
import dev.ruleport.runtime.Ip;
import dev.ruleport.runtime.Numbers;
import dev.ruleport.runtime.Tri;
import dev.ruleport.runtime.Values;
import dev.ruleport.runtime.VersionValue;
import dev.ruleport.runtime.WildcardPattern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles IR expressions into closures over events: the reference semantics of EQL expressions.
 *
 * <p><b>Values.</b> Every expression evaluates to a list of candidate values: a multi-valued field
 * gives all its values, a missing field gives {@code [null]}, a function over a multi-valued
 * argument gives one result per combination. A predicate holds if <em>any</em> combination satisfies
 * it, which is what Elasticsearch's term, wildcard and range queries do on array fields.
 *
 * <p><b>Null and missing fields</b> (decision, following Elasticsearch's query translation):
 * <ul>
 *   <li>A leaf predicate ({@code ==}, ordering, {@code :}, {@code like}, {@code regex}, {@code in},
 *       boolean functions) over a missing or null value is unknown, which a filter treats as false.</li>
 *   <li>{@code not}, {@code and}, {@code or} in a filter work on those two-valued outcomes, so
 *       {@code not (x > 1)} and {@code x != "a"} (which Elasticsearch compiles to {@code not (x == "a")},
 *       a {@code must_not}) hold for an event <em>without</em> {@code x}. The Python eql engine
 *       differs here (three-valued logic); we follow Elasticsearch.</li>
 *   <li>{@code x == null} / {@code x != null} test absence / presence and are never unknown.</li>
 *   <li>Inside a value (a comparison used as an operand, e.g. {@code null == (code > -1)}) results
 *       stay three-valued, so that expression holds exactly for events lacking {@code code}.</li>
 * </ul>
 */
final class ExprCompiler {
    /** Candidate values of an expression for one event; never empty. */
    interface ValuesFn {
        List<Object> of(Event e);
    }

    /** A two-valued filter outcome. */
    interface Cond {
        boolean test(Event e);
    }

    /** A three-valued outcome of a predicate (null = unknown). */
    interface TriFn {
        Boolean of(Event e);
    }

    record Problem(Span span, String code, String message) {}

    private static final List<Object> NULL = Collections.singletonList(null);
    private static final int MAX_COMBINATIONS = 4096;

    private final FieldTypes types;
    private final List<Problem> problems;

    ExprCompiler(FieldTypes types, List<Problem> problems) {
        this.types = types;
        this.problems = problems;
    }

    // ------------------------------------------------------------------ filters (two-valued)

    Cond cond(Expr e) {
        if (e instanceof And a) {
            List<Cond> parts = new ArrayList<>();
            for (Expr op : a.operands()) parts.add(cond(op));
            Cond[] arr = parts.toArray(new Cond[0]);
            return ev -> {
                for (Cond c : arr) if (!c.test(ev)) return false;
                return true;
            };
        }
        if (e instanceof Or o) {
            List<Cond> parts = new ArrayList<>();
            for (Expr op : o.operands()) parts.add(cond(op));
            Cond[] arr = parts.toArray(new Cond[0]);
            return ev -> {
                for (Cond c : arr) if (c.test(ev)) return true;
                return false;
            };
        }
        if (e instanceof Not n) {
            Cond inner = cond(n.operand());
            return ev -> !inner.test(ev);
        }
        if (e instanceof Compare c && c.op() == Compare.Op.NE && !isNullLiteral(c.left()) && !isNullLiteral(c.right())) {
            // `a != b` is `not (a == b)`: true where a is missing (see the class comment)
            TriFn eq = compare(new Compare(Compare.Op.EQ, c.left(), c.right(), c.span()));
            return ev -> !Tri.isTrue(eq.of(ev));
        }
        TriFn t = tri(e);
        return ev -> Tri.isTrue(t.of(ev));
    }

    // ------------------------------------------------------------------ predicates (three-valued)

    TriFn tri(Expr e) {
        if (e instanceof Compare c) return compare(c);
        if (e instanceof Match m) return match(m);
        if (e instanceof In in) return in(in);
        if (e instanceof And || e instanceof Or || e instanceof Not) return triConnective(e);
        ValuesFn v = values(e);
        return ev -> collapse(v.of(ev));
    }

    private TriFn triConnective(Expr e) {
        if (e instanceof Not n) {
            TriFn inner = tri(n.operand());
            return ev -> Tri.not(inner.of(ev));
        }
        List<Expr> ops = e instanceof And a ? a.operands() : ((Or) e).operands();
        boolean and = e instanceof And;
        List<TriFn> parts = new ArrayList<>();
        for (Expr op : ops) parts.add(tri(op));
        return ev -> {
            Boolean acc = and ? Boolean.TRUE : Boolean.FALSE;
            for (TriFn p : parts) acc = and ? Tri.and(acc, p.of(ev)) : Tri.or(acc, p.of(ev));
            return acc;
        };
    }

    /** TRUE if any candidate is TRUE, else FALSE if any is FALSE, else unknown. */
    static Boolean collapse(List<Object> results) {
        boolean sawFalse = false;
        for (Object r : results) {
            if (Boolean.TRUE.equals(r)) return Boolean.TRUE;
            if (Boolean.FALSE.equals(r)) sawFalse = true;
        }
        return sawFalse ? Boolean.FALSE : null;
    }

    /**
     * The null literal, or an optional field the mapping does not know: Elasticsearch replaces such a
     * field by null, so {@code ?x == ?y} holds when neither exists (conformance optionalFieldAsQueryKeysOnly).
     */
    private boolean isNullLiteral(Expr e) {
        if (e instanceof Literal l) return l.isNull();
        return e instanceof FieldRef f && f.optional() && types.isPresent() && types.lookup(f.name()).isEmpty();
    }

    private TriFn compare(Compare c) {
        if (isNullLiteral(c.left()) || isNullLiteral(c.right())) {
            // presence test: `x == null` holds when x has no value (never unknown)
            Expr other = isNullLiteral(c.left()) ? c.right() : c.left();
            ValuesFn v = isNullLiteral(other) ? ev -> NULL : values(other);
            boolean eq = c.op() == Compare.Op.EQ;
            if (c.op() != Compare.Op.EQ && c.op() != Compare.Op.NE) return ev -> null;
            return ev -> {
                boolean absent = true;
                for (Object o : v.of(ev)) if (o != null) { absent = false; break; }
                return eq == absent;
            };
        }
        ValuesFn left = coerced(c.left(), c.right());
        ValuesFn right = coerced(c.right(), c.left());
        Compare.Op op = c.op();
        return ev -> {
            List<Object> ls = left.of(ev);
            List<Object> rs = right.of(ev);
            boolean sawFalse = false;
            for (Object a : ls) {
                for (Object b : rs) {
                    Boolean r = switch (op) {
                        case EQ -> Values.equal(a, b);
                        case NE -> Values.notEqual(a, b);
                        case LT -> Values.lessThan(a, b);
                        case LE -> Values.lessOrEqual(a, b);
                        case GT -> Values.greaterThan(a, b);
                        case GE -> Values.greaterOrEqual(a, b);
                    };
                    if (Boolean.TRUE.equals(r)) return Boolean.TRUE;
                    if (Boolean.FALSE.equals(r)) sawFalse = true;
                }
            }
            return sawFalse ? Boolean.FALSE : null;
        };
    }

    /**
     * Values of {@code e}, with string constants converted to the type of a typed field on the
     * other side (a date literal compared with a date field becomes epoch millis).
     */
    private ValuesFn coerced(Expr e, Expr other) {
        if (e instanceof Literal l && l.isString() && other instanceof FieldRef f) {
            Optional<FieldTypes.Mapped> m = types.lookup(f.name());
            if (m.isPresent() && m.get().type() == FieldType.DATE) {
                Long millis = Timestamps.dateToMillis(l.value(), m.get().dateFormat());
                List<Object> v = Collections.singletonList(millis);
                return ev -> v;
            }
        }
        return values(e);
    }

    private TriFn match(Match m) {
        ValuesFn subject = values(m.subject());
        List<java.util.function.Predicate<String>> patterns = new ArrayList<>();
        for (Literal p : m.patterns()) {
            String text = String.valueOf(p.value());
            if (m.kind() == Match.Kind.REGEX) {
                try {
                    EqlRegex re = EqlRegex.compile(text, m.caseInsensitive());
                    patterns.add(re::matches);
                } catch (IllegalArgumentException ex) {
                    problems.add(new Problem(p.span(), "EQL-REGEX", "Invalid regular expression [" + text + "]: " + ex.getMessage()));
                    patterns.add(s -> false);
                }
            } else {
                WildcardPattern w = WildcardPattern.compile(text, m.caseInsensitive());
                patterns.add(w::matches);
            }
        }
        return ev -> {
            boolean sawValue = false;
            for (Object v : subject.of(ev)) {
                if (v == null) continue;
                sawValue = true;
                String s = asText(v);
                for (var p : patterns) if (p.test(s)) return Boolean.TRUE;
            }
            return sawValue ? Boolean.FALSE : null;
        };
    }

    /** The text a pattern sees: strings as they are, other scalars in their usual string form. */
    static String asText(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) return String.valueOf(d);
        return v.toString();
    }

    private TriFn in(In in) {
        ValuesFn subject = values(in.subject());
        List<ValuesFn> candidates = new ArrayList<>();
        for (Expr c : in.values()) candidates.add(coerced(c, in.subject()));
        boolean ci = in.caseInsensitive();
        return ev -> {
            List<Object> cands = new ArrayList<>();
            for (ValuesFn c : candidates) cands.addAll(c.of(ev));
            boolean sawFalse = false;
            for (Object v : subject.of(ev)) {
                Boolean r = ci ? Values.inIgnoreCase(v, cands) : Values.in(v, cands);
                if (Boolean.TRUE.equals(r)) return Boolean.TRUE;
                if (Boolean.FALSE.equals(r)) sawFalse = true;
            }
            return sawFalse ? Boolean.FALSE : null;
        };
    }

    // ------------------------------------------------------------------ values

    ValuesFn values(Expr e) {
        return e.accept(new ExprVisitor<ValuesFn>() {
            @Override public ValuesFn visitLiteral(Literal l) {
                List<Object> v = Collections.singletonList(l.value());
                return ev -> v;
            }

            @Override public ValuesFn visitField(FieldRef f) { return field(f); }

            @Override public ValuesFn visitAnd(And a) { return boolValue(a); }

            @Override public ValuesFn visitOr(Or o) { return boolValue(o); }

            @Override public ValuesFn visitNot(Not n) { return boolValue(n); }

            @Override public ValuesFn visitCompare(Compare c) { return boolValue(c); }

            @Override public ValuesFn visitMatch(Match m) { return boolValue(m); }

            @Override public ValuesFn visitIn(In in) { return boolValue(in); }

            @Override public ValuesFn visitCall(Call c) { return call(c); }

            @Override public ValuesFn visitArithmetic(Arithmetic a) {
                ValuesFn l = values(a.left());
                ValuesFn r = values(a.right());
                Arithmetic.Op op = a.op();
                return ev -> {
                    List<Object> out = new ArrayList<>();
                    for (Object x : l.of(ev)) {
                        for (Object y : r.of(ev)) out.add(arith(op, x, y));
                    }
                    return out;
                };
            }

            @Override public ValuesFn visitNegate(Negate n) {
                ValuesFn inner = values(n.operand());
                return ev -> {
                    List<Object> out = new ArrayList<>();
                    for (Object x : inner.of(ev)) out.add(x instanceof Number num ? Numbers.multiply(-1, num) : null);
                    return out;
                };
            }
        });
    }

    private ValuesFn boolValue(Expr e) {
        TriFn t = tri(e);
        return ev -> Collections.singletonList(t.of(ev));
    }

    private static Object arith(Arithmetic.Op op, Object x, Object y) {
        try {
            return switch (op) {
                case ADD -> Functions.add(x, y);
                case SUB -> Functions.subtract(x, y);
                case MUL -> Functions.multiply(x, y);
                case DIV -> Functions.divide(x, y);
                case MOD -> Functions.modulo(x, y);
            };
        } catch (ArithmeticException | IllegalArgumentException ex) {
            // division by zero and non-numeric operands: no value (Elasticsearch fails the script)
            return null;
        }
    }

    // ------------------------------------------------------------------ fields

    private ValuesFn field(FieldRef f) {
        String name = f.name();
        Optional<FieldTypes.Mapped> mapped = types.lookup(name);
        if (types.isPresent() && mapped.isEmpty()) {
            if (f.optional()) {
                // an optional field the mapping does not know is the null literal (Elasticsearch)
                return ev -> NULL;
            }
            problems.add(new Problem(f.span(), "EQL-FIELD", "Unknown field [" + name + "]"));
            return ev -> NULL;
        }
        FieldAccessor accessor = FieldAccessor.of(segments(types.resolvePath(name), f));
        FieldType type = mapped.map(FieldTypes.Mapped::type).orElse(FieldType.UNKNOWN);
        Object nullValue = mapped.map(FieldTypes.Mapped::nullValue).orElse(null);
        String dateFormat = mapped.map(FieldTypes.Mapped::dateFormat).orElse(null);
        return ev -> {
            List<Object> raw = accessor.values(ev);
            if (raw.isEmpty()) {
                if (nullValue != null && explicitNull(ev.source(), accessor.path())) return Collections.singletonList(nullValue);
                return NULL;
            }
            if (type == FieldType.UNKNOWN || type == FieldType.OBJECT) return raw;
            List<Object> out = new ArrayList<>(raw.size());
            for (Object v : raw) out.add(typed(v, type, dateFormat));
            return out;
        };
    }

    private static List<String> segments(String resolved, FieldRef f) {
        // an alias target is a dotted path; the written name keeps its backtick-quoted segments
        return resolved.equals(f.name()) ? f.path().segments() : List.of(resolved.split("\\."));
    }

    /** Converts a JSON value to the mapped type, as Elasticsearch would have indexed it. */
    static Object typed(Object v, FieldType type, String dateFormat) {
        if (v == null) return null;
        return switch (type) {
            case KEYWORD -> v instanceof String ? v : v instanceof Map || v instanceof List ? v : asText(v);
            case LONG, DOUBLE -> v instanceof Number ? v : Values.parseNumber(v.toString());
            case BOOLEAN -> v instanceof Boolean ? v : "true".equals(v.toString()) ? Boolean.TRUE
                    : "false".equals(v.toString()) ? Boolean.FALSE : null;
            case IP -> v instanceof String s ? orSelf(Ip.tryParse(s), v) : v;
            case VERSION -> v instanceof String s ? VersionValue.of(s) : v;
            case DATE -> Timestamps.dateToMillis(v, dateFormat);
            default -> v;
        };
    }

    private static Object orSelf(Object converted, Object original) { return converted != null ? converted : original; }

    /** True when the path exists in the document with an explicit JSON null (for {@code null_value}). */
    @SuppressWarnings("unchecked")
    private static boolean explicitNull(Map<String, ?> source, String path) {
        if (source.containsKey(path)) return source.get(path) == null;
        int dot = path.indexOf('.');
        while (dot > 0) {
            Object child = source.get(path.substring(0, dot));
            if (child instanceof Map<?, ?> m && explicitNull((Map<String, ?>) m, path.substring(dot + 1))) return true;
            dot = path.indexOf('.', dot + 1);
        }
        return false;
    }

    // ------------------------------------------------------------------ functions

    private ValuesFn call(Call c) {
        List<ValuesFn> args = new ArrayList<>();
        for (Expr a : c.args()) args.add(values(a));
        Function fn = c.function();
        boolean ci = c.caseInsensitive();
        if (fn == Function.CIDRMATCH) {
            List<Cidr> blocks = new ArrayList<>();
            boolean allLiteral = true;
            for (int i = 1; i < c.args().size(); i++) {
                Expr a = c.args().get(i);
                if (a instanceof Literal l && l.isString()) {
                    try {
                        blocks.add(Cidr.parse(l.asString()));
                    } catch (IllegalArgumentException ex) {
                        problems.add(new Problem(a.span(), "EQL-FUNCTION", "Invalid CIDR block [" + l.asString() + "]: " + ex.getMessage()));
                    }
                } else {
                    allLiteral = false;
                }
            }
            if (allLiteral) {
                ValuesFn address = args.get(0);
                return ev -> {
                    List<Object> out = new ArrayList<>();
                    for (Object a : address.of(ev)) out.add(Cidr.matchAny(a, blocks));
                    return out;
                };
            }
        }
        return ev -> {
            List<Object> out = new ArrayList<>();
            List<List<Object>> argValues = new ArrayList<>(args.size());
            long combos = 1;
            for (ValuesFn a : args) {
                List<Object> v = a.of(ev);
                argValues.add(v);
                combos *= v.size();
            }
            if (combos > MAX_COMBINATIONS) {
                throw new IllegalStateException("too many value combinations for " + fn.displayName() + ": " + combos);
            }
            Object[] current = new Object[args.size()];
            product(argValues, 0, current, out, fn, ci);
            return out;
        };
    }

    private static void product(List<List<Object>> argValues, int i, Object[] current, List<Object> out, Function fn, boolean ci) {
        if (i == argValues.size()) {
            out.add(apply(fn, ci, current.clone()));
            return;
        }
        for (Object v : argValues.get(i)) {
            current[i] = v;
            product(argValues, i + 1, current, out, fn, ci);
        }
    }

    /** One function application; type errors and arithmetic faults give no value. */
    static Object apply(Function fn, boolean ci, Object[] a) {
        try {
            return switch (fn) {
                case ADD -> Functions.add(a[0], a[1]);
                case SUBTRACT -> Functions.subtract(a[0], a[1]);
                case MULTIPLY -> Functions.multiply(a[0], a[1]);
                case DIVIDE -> Functions.divide(a[0], a[1]);
                case MODULO -> Functions.modulo(a[0], a[1]);
                case BETWEEN -> Functions.between(a[0], a[1], a[2], a.length > 3 ? a[3] : Boolean.FALSE, ci);
                case CIDRMATCH -> Functions.cidrMatch(a[0], java.util.Arrays.copyOfRange(a, 1, a.length));
                case CONCAT -> Functions.concat(a);
                case ENDSWITH -> Functions.endsWith(a[0], a[1], ci);
                case INDEXOF -> Functions.indexOf(a[0], a[1], a.length > 2 ? a[2] : null, ci);
                case LENGTH -> Functions.length(a[0]);
                case NUMBER -> a.length > 1 ? Functions.number(a[0], a[1]) : Functions.number(a[0]);
                case STARTSWITH -> Functions.startsWith(a[0], a[1], ci);
                case STRING -> Functions.string(a[0]);
                case STRINGCONTAINS -> Functions.stringContains(a[0], a[1], ci);
                case SUBSTRING -> a.length > 2 ? Functions.substring(a[0], a[1], a[2]) : Functions.substring(a[0], a[1]);
            };
        } catch (ArithmeticException | IllegalArgumentException ex) {
            return null;
        }
    }
}
