package dev.ruleport.sigma;

import dev.ruleport.diag.Span;
import dev.ruleport.ir.And;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Or;
import java.util.ArrayList;
import java.util.List;

/** Building the reader's IR: flattened {@code and}/{@code or}, and value lists on one field merged into one test. */
final class Exprs {
    private Exprs() {}

    static Expr and(List<Expr> parts) { return join(parts, true); }

    static Expr or(List<Expr> parts) { return join(parts, false); }

    /** The parts joined by and (or or), nested joins of the same kind flattened; one part alone stays itself. */
    private static Expr join(List<Expr> parts, boolean and) {
        List<Expr> flat = new ArrayList<>();
        for (Expr e : parts) {
            if (and && e instanceof And a) flat.addAll(a.operands());
            else if (!and && e instanceof Or o) flat.addAll(o.operands());
            else flat.add(e);
        }
        if (flat.size() == 1) return flat.get(0);
        return and ? new And(flat, span(flat)) : new Or(flat, span(flat));
    }

    /**
     * An OR of tests on one field with alike tests merged: {@code f : "a" or f : "b*"} → {@code f : ("a", "b*")},
     * {@code f == "1" or f == "2"} → {@code f in ("1", "2")}, {@code in~} lists joined. Order is kept.
     */
    static Expr orOnField(List<Expr> tests) {
        List<Expr> out = new ArrayList<>();
        for (Expr t : tests) {
            Expr last = out.isEmpty() ? null : out.get(out.size() - 1);
            Expr merged = last == null ? null : merge(last, t);
            if (merged != null) out.set(out.size() - 1, merged);
            else out.add(t);
        }
        return or(out);
    }

    private static Expr merge(Expr a, Expr b) {
        if (a instanceof Match x && b instanceof Match y && x.kind() == y.kind() && x.kind() != Match.Kind.REGEX
                && x.caseInsensitive() == y.caseInsensitive() && sameField(x.subject(), y.subject())) {
            List<Literal> p = new ArrayList<>(x.patterns());
            p.addAll(y.patterns());
            return new Match(x.kind(), x.subject(), p, x.caseInsensitive(), x.span());
        }
        List<Expr> av = equalityValues(a);
        List<Expr> bv = equalityValues(b);
        if (av != null && bv != null && sameField(subject(a), subject(b)) && caseInsensitive(a) == caseInsensitive(b)
                && sameKind(av.get(0), bv.get(0))) {
            List<Expr> values = new ArrayList<>(av);
            values.addAll(bv);
            return new In(subject(a), values, caseInsensitive(a), a.span());
        }
        return null;
    }

    private static List<Expr> equalityValues(Expr e) {
        if (e instanceof In in) return in.values();
        if (e instanceof Compare c && c.op() == Compare.Op.EQ && c.left() instanceof FieldRef
                && c.right() instanceof Literal l && !l.isNull()) {
            return List.of(l);
        }
        return null;
    }

    /** Strings with strings, numbers with numbers: a mixed list would compare differently per element. */
    private static boolean sameKind(Expr a, Expr b) {
        return a instanceof Literal x && b instanceof Literal y && x.isString() == y.isString() && x.isNumber() == y.isNumber();
    }

    private static Expr subject(Expr e) { return e instanceof In in ? in.subject() : ((Compare) e).left(); }

    private static boolean caseInsensitive(Expr e) { return e instanceof In in && in.caseInsensitive(); }

    private static boolean sameField(Expr a, Expr b) {
        return a instanceof FieldRef x && b instanceof FieldRef y && x.name().equals(y.name());
    }

    private static Span span(List<Expr> parts) { return parts.get(0).span(); }
}
