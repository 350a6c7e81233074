package dev.ruleport.interpret;

import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Arithmetic;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.ExprVisitor;
import dev.ruleport.ir.FieldRef;
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
import dev.ruleport.runtime.Tri;
import dev.ruleport.runtime.WildcardPattern;
import dev.ruleport.runtime.matcher.Arith;
import dev.ruleport.runtime.matcher.Comparison;
import dev.ruleport.runtime.matcher.Eval;
import dev.ruleport.runtime.matcher.EventTime;
import dev.ruleport.runtime.matcher.Fn;
import dev.ruleport.runtime.matcher.TypedField;
import dev.ruleport.runtime.matcher.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

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
        return ev -> Eval.collapse(v.of(ev));
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
            ValuesFn v = isNullLiteral(other) ? ev -> Eval.NULL : values(other);
            boolean eq = c.op() == Compare.Op.EQ;
            if (c.op() != Compare.Op.EQ && c.op() != Compare.Op.NE) return ev -> null;
            return ev -> eq == Eval.absent(v.of(ev));
        }
        ValuesFn left = coerced(c.left(), c.right());
        ValuesFn right = coerced(c.right(), c.left());
        Comparison op = Comparison.valueOf(c.op().name());
        return ev -> Eval.compare(op, left.of(ev), right.of(ev));
    }

    /**
     * Values of {@code e}, with string constants converted to the type of a typed field on the
     * other side (a date literal compared with a date field becomes epoch millis). A number against a
     * date field needs no conversion: it is epoch milliseconds already, which is how Elasticsearch reads
     * it under the default date format (see {@link FieldTypes#withTimestampField}), and the field's
     * values are epoch milliseconds too.
     */
    private ValuesFn coerced(Expr e, Expr other) {
        if (e instanceof Literal l && l.isString() && other instanceof FieldRef f) {
            Optional<FieldTypes.Mapped> m = types.lookup(f.name());
            if (m.isPresent() && m.get().type() == FieldType.DATE) {
                Long millis = EventTime.dateToMillis(l.value(), m.get().dateFormat());
                List<Object> v = Collections.singletonList(millis);
                return ev -> v;
            }
        }
        return values(e);
    }

    private TriFn match(Match m) {
        ValuesFn subject = values(m.subject());
        List<Predicate<String>> patterns = new ArrayList<>();
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
        Predicate<String> any = s -> {
            for (Predicate<String> p : patterns) if (p.test(s)) return true;
            return false;
        };
        return ev -> Eval.match(subject.of(ev), any);
    }

    private TriFn in(In in) {
        ValuesFn subject = values(in.subject());
        List<ValuesFn> candidates = new ArrayList<>();
        for (Expr c : in.values()) candidates.add(coerced(c, in.subject()));
        boolean ci = in.caseInsensitive();
        return ev -> {
            List<Object> cands = new ArrayList<>();
            for (ValuesFn c : candidates) cands.addAll(c.of(ev));
            return Eval.in(subject.of(ev), cands, ci);
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
                Arith op = Arith.valueOf(a.op().name());
                return ev -> Eval.arith(op, l.of(ev), r.of(ev));
            }

            @Override public ValuesFn visitNegate(Negate n) {
                ValuesFn inner = values(n.operand());
                return ev -> Eval.negate(inner.of(ev));
            }
        });
    }

    private ValuesFn boolValue(Expr e) {
        TriFn t = tri(e);
        return ev -> Collections.singletonList(t.of(ev));
    }

    // ------------------------------------------------------------------ fields

    private ValuesFn field(FieldRef f) {
        String name = f.name();
        Optional<FieldTypes.Mapped> mapped = types.lookup(name);
        if (types.isPresent() && mapped.isEmpty()) {
            if (f.optional()) {
                // an optional field the mapping does not know is the null literal (Elasticsearch)
                return ev -> Eval.NULL;
            }
            problems.add(new Problem(f.span(), "EQL-FIELD", "Unknown field [" + name + "]"));
            return ev -> Eval.NULL;
        }
        FieldAccessor accessor = FieldAccessor.of(segments(types.resolvePath(name), f));
        TypedField field = TypedField.of(accessor,
                mapped.map(m -> m.type().valueType()).orElse(ValueType.UNKNOWN),
                mapped.map(FieldTypes.Mapped::nullValue).orElse(null),
                mapped.map(FieldTypes.Mapped::dateFormat).orElse(null));
        return field::values;
    }

    private static List<String> segments(String resolved, FieldRef f) {
        // an alias target is a dotted path; the written name keeps its backtick-quoted segments
        return resolved.equals(f.name()) ? f.path().segments() : List.of(resolved.split("\\."));
    }

    // ------------------------------------------------------------------ functions

    private ValuesFn call(Call c) {
        List<ValuesFn> args = new ArrayList<>();
        for (Expr a : c.args()) args.add(values(a));
        Fn fn = Fn.valueOf(c.function().name());
        boolean ci = c.caseInsensitive();
        if (fn == Fn.CIDRMATCH) {
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
                return ev -> Eval.cidrMatch(address.of(ev), blocks);
            }
        }
        ValuesFn[] argFns = args.toArray(new ValuesFn[0]);
        return ev -> {
            @SuppressWarnings("unchecked")
            List<Object>[] argValues = new List[argFns.length];
            for (int i = 0; i < argFns.length; i++) argValues[i] = argFns[i].of(ev);
            return Eval.call(fn, ci, argValues);
        };
    }
}
