package dev.ruleport.lower;

import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Call;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Function;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Not;
import dev.ruleport.ir.Or;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Puts a filter condition in the normal form every backend renders: negation normal form, constants folded,
 * connectives flattened, repeated operands removed. Pure: IR in, IR out.
 *
 * <p>Why negation normal form is exact: in a filter, EQL is two-valued. A leaf over a missing or null value is
 * unknown, which the filter treats as false, and {@code not} inverts the two-valued outcome (Elasticsearch runs it
 * as {@code must_not}); see {@code interpret.ExprCompiler}. De Morgan's laws therefore hold, and pushing
 * {@code not} down to the leaves changes no verdict. Only the filter's boolean structure is rewritten; the
 * operands of comparisons and function calls, where values stay three-valued, are left alone.
 *
 * <p>The result holds {@link Not} only directly around a leaf (a comparison, match, membership, call or field),
 * never around {@link And}, {@link Or}, {@link Not} or a literal; {@code a != b} (neither side null) is written
 * {@code not (a == b)}, its EQL meaning; {@code true}/{@code false} appear only as the whole condition.
 *
 * <p>Folded leaves (each exactly as the interpreter decides it):
 * <ul>
 *   <li>an ordering against {@code null} ({@code x > null}): unknown for every event, so false;</li>
 *   <li>{@code null == null} true, {@code null != null} false (presence tests of nothing);</li>
 *   <li>{@code stringContains(x, "")}: false for every value (Elasticsearch documents and implements it so).</li>
 * </ul>
 */
public final class Normalizer {
    private Normalizer() {}

    public static final Literal TRUE = new Literal(Boolean.TRUE, Span.synthetic("nothing left to test"));
    public static final Literal FALSE = new Literal(Boolean.FALSE, Span.synthetic("can never hold"));

    /** The normal form of a filter condition. */
    public static Expr normalize(Expr condition) {
        return nnf(condition, false);
    }

    private static Expr nnf(Expr e, boolean negated) {
        if (e instanceof Not n) return nnf(n.operand(), !negated);
        if (e instanceof And a) {
            List<Expr> ops = new ArrayList<>();
            for (Expr x : a.operands()) ops.add(nnf(x, negated));
            return negated ? or(ops, a.span()) : and(ops, a.span());
        }
        if (e instanceof Or o) {
            List<Expr> ops = new ArrayList<>();
            for (Expr x : o.operands()) ops.add(nnf(x, negated));
            return negated ? and(ops, o.span()) : or(ops, o.span());
        }
        if (e instanceof Literal l && l.value() instanceof Boolean b) return constant(b ^ negated);
        if (e instanceof Compare c && c.op() == Compare.Op.NE && !isNull(c.left()) && !isNull(c.right())) {
            // `a != b` is `not (a == b)`: true where a is missing, as Elasticsearch's must_not
            return nnf(new Not(new Compare(Compare.Op.EQ, c.left(), c.right(), c.span()), c.span()), negated);
        }
        Boolean folded = fold(e);
        if (folded != null) return constant(folded ^ negated);
        return negated ? new Not(e, e.span()) : e;
    }

    /** A leaf's filter outcome when it is the same for every event; null otherwise. */
    static Boolean fold(Expr leaf) {
        if (leaf instanceof Compare c) {
            boolean leftNull = isNull(c.left());
            boolean rightNull = isNull(c.right());
            if ((leftNull || rightNull) && c.op().isOrdering()) return false;
            if (leftNull && rightNull) return c.op() == Compare.Op.EQ;
        }
        if (leaf instanceof Call call && call.function() == Function.STRINGCONTAINS && call.args().size() == 2
                && call.args().get(1) instanceof Literal lit && "".equals(lit.value())) {
            return false;
        }
        return null;
    }

    /** Whether an expression is the {@code null} literal. */
    public static boolean isNull(Expr e) { return e instanceof Literal l && l.isNull(); }

    /** Whether an expression is the boolean literal {@code value}. */
    public static boolean is(Expr e, boolean value) {
        return e instanceof Literal l && Boolean.valueOf(value).equals(l.value());
    }

    private static Literal constant(boolean b) { return b ? TRUE : FALSE; }

    /** A conjunction: flattened, {@code true} operands dropped, repeated operands removed; {@code false} absorbs. */
    public static Expr and(List<Expr> operands, Span span) {
        LinkedHashSet<Expr> out = new LinkedHashSet<>();
        for (Expr x : operands) {
            if (is(x, false)) return FALSE;
            if (is(x, true)) continue;
            if (x instanceof And a) out.addAll(a.operands());
            else out.add(x);
        }
        if (out.isEmpty()) return TRUE;
        return out.size() == 1 ? out.iterator().next() : new And(new ArrayList<>(out), span);
    }

    /** A disjunction: flattened, {@code false} operands dropped, repeated operands removed; {@code true} absorbs. */
    public static Expr or(List<Expr> operands, Span span) {
        LinkedHashSet<Expr> out = new LinkedHashSet<>();
        for (Expr x : operands) {
            if (is(x, true)) return TRUE;
            if (is(x, false)) continue;
            if (x instanceof Or o) out.addAll(o.operands());
            else out.add(x);
        }
        if (out.isEmpty()) return FALSE;
        return out.size() == 1 ? out.iterator().next() : new Or(new ArrayList<>(out), span);
    }

    /** The top-level conjuncts of a normal-form condition ({@code true} has none). */
    public static List<Expr> conjuncts(Expr condition) {
        if (condition instanceof And a) return a.operands();
        if (is(condition, true)) return List.of();
        return List.of(condition);
    }

    /**
     * {@code length(f) > 0}, {@code length(f) >= 1} or {@code length(f) != 0} on one field: the test for a non-empty
     * value (any value, on a multi-valued field, as functions apply per value); the field, or null when it is not one.
     */
    public static FieldRef nonEmptyTestField(Expr leaf) {
        if (!(leaf instanceof Compare c) || !(c.left() instanceof dev.ruleport.ir.Call call)
                || call.function() != dev.ruleport.ir.Function.LENGTH || call.args().size() != 1
                || !(call.args().get(0) instanceof FieldRef f) || !(c.right() instanceof Literal l)
                || !(l.value() instanceof Integer || l.value() instanceof Long)) {
            return null;
        }
        long n = ((Number) l.value()).longValue();
        boolean nonEmpty = c.op() == Compare.Op.GT && n == 0 || c.op() == Compare.Op.GE && n == 1
                || c.op() == Compare.Op.NE && n == 0;
        return nonEmpty ? f : null;
    }

    /** Whether the leaf is a test for a non-empty value ({@link #nonEmptyTestField}). */
    public static boolean isNonEmptyTest(Expr leaf) { return nonEmptyTestField(leaf) != null; }
}
