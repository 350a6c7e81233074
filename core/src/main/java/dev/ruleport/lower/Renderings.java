package dev.ruleport.lower;

import dev.ruleport.diag.Span;
import dev.ruleport.interpret.Interpreter;
import dev.ruleport.interpret.InterpreterOptions;
import dev.ruleport.ir.Category;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.EventQuery;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.Filter;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Not;
import dev.ruleport.mapping.ValueRendering;
import dev.ruleport.runtime.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rewrites a leaf on one field into the same test of what the target stores, through the field's
 * {@link ValueRendering}. The result is still EQL over the ECS field name (the backends render it as usual); its
 * literals are the target's texts. Each step is decided by the interpreter or by the rendering's own definition, so
 * the rewrite is exact on the target's data:
 * <ul>
 *   <li>{@code values}: the field holds only the listed values, so the leaf is decided on each of them and on a
 *       missing field; it becomes membership of the target texts of the values it holds for (plus {@code == null}
 *       when it holds on a missing field).</li>
 *   <li>{@code values} open ({@code values_open}): the field may also hold values that are not listed, each written
 *       as some text that is none of the listed ones. A leaf is rewritten only when its outcome is the same on every
 *       unlisted value: it compares ({@code ==}, {@code !=}, {@code in}, {@code :} without wildcards) with string
 *       literals that are all listed values (matched ignoring case for a case-insensitive leaf). It is decided on
 *       each listed value, on a missing field and on one fresh value standing for all unlisted ones; it becomes
 *       membership of the listed texts it holds for, or, when it holds on the fresh value, the field present and
 *       none of the listed texts it fails on, plus {@code == null} when it holds on a missing field.</li>
 *   <li>{@code numbers}: each literal that is a decimal number (a string, or a non-negative integer compared with a
 *       numeric field) gains its number forms (matched without regard to case); a literal that is itself a number form is left out (its ECS value would be the number); a wildcard
 *       pattern is kept only when it can match neither a number nor a number form, and refused otherwise.</li>
 *   <li>{@code missing}: the text stands for a missing field, so where the leaf's outcome on the text differs from
 *       its outcome on a missing field, the text is tested explicitly.</li>
 * </ul>
 */
final class Renderings {
    private Renderings() {}

    /** Why a leaf cannot be rewritten; null means it can. */
    record Result(Expr expr, String refusal) {}

    /**
     * The leaf ({@code negated}: under {@code not}) over {@code field}, rewritten; in normal form.
     */
    static Result rewrite(Expr leaf, boolean negated, FieldRef field, ValueRendering r) {
        Expr full = negated ? new Not(leaf, leaf.span()) : leaf;
        if (!r.values().isEmpty() && r.open()) {
            String why = openRefusal(leaf, field, r);
            if (why != null) return new Result(null, why);
            full = openValues(full, field, r);
        } else if (!r.values().isEmpty()) {
            full = values(full, field, r);
        } else if (!r.numbers().isEmpty() && !isNullTest(leaf) && !Normalizer.isNonEmptyTest(leaf)) {
            // a presence test, or a test for a non-empty value, is the same whichever way a value is written
            Expr positive = numbers(leaf, field, r);
            if (positive == null) {
                return new Result(null, "the target writes numbers in " + field.name() + " as " + String.join(" or ",
                        r.numbers()) + " where ECS writes them in decimal; only values, and patterns that match no"
                        + " number, are translated through that");
            }
            full = negated ? new Not(positive, leaf.span()) : positive;
        }
        if (r.missing() != null) full = missing(full, field, r.missing());
        return new Result(Normalizer.normalize(full), null);
    }

    private static boolean isNullTest(Expr leaf) {
        return leaf instanceof Compare c && (c.right() instanceof Literal l && l.isNull() || c.left() instanceof Literal k && k.isNull());
    }

    private static Expr values(Expr full, FieldRef f, ValueRendering r) {
        Span sp = full.span();
        List<Expr> targets = new ArrayList<>();
        for (Map.Entry<String, String> e : r.values().entrySet()) {
            if (holds(full, f, e.getKey())) targets.add(Literal.ofString(e.getValue(), sp));
        }
        List<Expr> alts = new ArrayList<>();
        if (!targets.isEmpty()) alts.add(new In(f, targets, false, sp));
        if (holds(full, f, null)) alts.add(new Compare(Compare.Op.EQ, f, new Literal(null, sp), sp));
        return Normalizer.or(alts, sp);
    }

    /**
     * Why a leaf on a field with open listed values has an outcome that may differ between unlisted values; null
     * when it has not: it compares the field with string literals that are all listed values.
     */
    private static String openRefusal(Expr leaf, FieldRef f, ValueRendering r) {
        String what = f.name() + " is written as " + String.join(", ", r.values().values()) + " for "
                + String.join(", ", r.values().keySet()) + " and otherwise as the source's own texts for other values";
        if (isNullTest(leaf)) return null;
        List<Literal> literals = new ArrayList<>();
        boolean insensitive;
        if (leaf instanceof Compare c && (c.op() == Compare.Op.EQ || c.op() == Compare.Op.NE)
                && (c.left() instanceof FieldRef && c.right() instanceof Literal || c.right() instanceof FieldRef && c.left() instanceof Literal)) {
            literals.add((Literal) (c.right() instanceof Literal ? c.right() : c.left()));
            insensitive = false;
        } else if (leaf instanceof In in && in.subject() instanceof FieldRef) {
            for (Expr v : in.values()) {
                if (!(v instanceof Literal l)) return what + ": only comparisons with those values are translated";
                literals.add(l);
            }
            insensitive = in.caseInsensitive();
        } else if (leaf instanceof Match m && m.kind() != Match.Kind.REGEX && m.subject() instanceof FieldRef) {
            literals.addAll(m.patterns());
            insensitive = m.caseInsensitive();
            for (Literal l : literals) {
                if (l.isString() && (l.asString().indexOf('*') >= 0 || l.asString().indexOf('?') >= 0)) {
                    return what + ": a wildcard pattern may match some of the other values and not others";
                }
            }
        } else {
            return what + ": only comparisons with those values (==, !=, in, : without wildcards) are translated";
        }
        for (Literal l : literals) {
            if (!l.isString()) return what + ": only comparisons with those values are translated";
            String v = l.asString();
            boolean listed = false;
            for (String k : r.values().keySet()) listed |= insensitive ? k.equalsIgnoreCase(v) : k.equals(v);
            if (!listed) return what + ": \"" + v + "\" is none of " + String.join(", ", r.values().keySet())
                    + ", so which text it is written as is unknown";
        }
        return null;
    }

    private static Expr openValues(Expr full, FieldRef f, ValueRendering r) {
        Span sp = full.span();
        List<Expr> holding = new ArrayList<>();
        List<Expr> failing = new ArrayList<>();
        for (Map.Entry<String, String> e : r.values().entrySet()) {
            (holds(full, f, e.getKey()) ? holding : failing).add(Literal.ofString(e.getValue(), sp));
        }
        List<Expr> alts = new ArrayList<>();
        if (holds(full, f, fresh(r))) {
            Expr present = new Compare(Compare.Op.NE, f, new Literal(null, sp), sp);
            alts.add(failing.isEmpty() ? present
                    : Normalizer.and(List.of(present, new Not(new In(f, failing, false, sp), sp)), sp));
        } else if (!holding.isEmpty()) {
            alts.add(new In(f, holding, false, sp));
        }
        if (holds(full, f, null)) alts.add(new Compare(Compare.Op.EQ, f, new Literal(null, sp), sp));
        return Normalizer.or(alts, sp);
    }

    /** A value that is none of the listed ones, ignoring case: it stands for every unlisted value. */
    private static String fresh(ValueRendering r) {
        String t = "unlisted";
        boolean clash = true;
        while (clash) {
            clash = false;
            for (String k : r.values().keySet()) clash |= k.equalsIgnoreCase(t);
            if (clash) t = "~" + t;
        }
        return t;
    }

    private static Expr missing(Expr full, FieldRef f, String text) {
        boolean onMissing = holds(full, f, null);
        if (holds(full, f, text) == onMissing) return full;
        Expr isText = new Compare(Compare.Op.EQ, f, Literal.ofString(text, full.span()), full.span());
        return onMissing ? Normalizer.or(List.of(isText, full), full.span())
                : Normalizer.and(List.of(new Not(isText, full.span()), full), full.span());
    }

    /** The positive leaf with number forms added; null when a pattern could match a number or a number form. */
    private static Expr numbers(Expr leaf, FieldRef f, ValueRendering r) {
        Span sp = leaf.span();
        List<Literal> kept = new ArrayList<>();
        List<Literal> forms = new ArrayList<>();
        boolean wildcards;
        List<Literal> literals = new ArrayList<>();
        if (leaf instanceof Match m && m.kind() != Match.Kind.REGEX) {
            literals.addAll(m.patterns());
            wildcards = true;
        } else if (leaf instanceof In in) {
            for (Expr v : in.values()) {
                if (!(v instanceof Literal l)) return null;
                literals.add(l);
            }
            wildcards = false;
        } else if (leaf instanceof Compare c && c.op() == Compare.Op.EQ && c.right() instanceof Literal l) {
            literals.add(l);
            wildcards = false;
        } else {
            return null;
        }
        for (Literal l : literals) {
            if (l.isNumber() && !wildcards && (l.value() instanceof Integer || l.value() instanceof Long)
                    && ((Number) l.value()).longValue() >= 0) {
                // a number compared with a numeric field: the comparison stays, and the number's forms are added
                kept.add(l);
                for (String form : r.numberForms(l.value().toString())) forms.add(Literal.ofString(form, l.span()));
                continue;
            }
            if (!l.isString()) return null;
            String v = l.asString();
            boolean pattern = wildcards && (v.indexOf('*') >= 0 || v.indexOf('?') >= 0);
            if (pattern) {
                if (!safePattern(v, r)) return null;
                kept.add(l);
            } else if (r.isNumberForm(v)) {
                continue; // the ECS value of that text is a number, never the text
            } else {
                kept.add(l);
                for (String form : r.numberForms(v)) forms.add(Literal.ofString(form, l.span()));
            }
        }
        List<Expr> alts = new ArrayList<>();
        if (!kept.isEmpty()) {
            if (leaf instanceof Match m) alts.add(new Match(m.kind(), f, kept, m.caseInsensitive(), sp));
            else if (leaf instanceof In in) alts.add(new In(f, new ArrayList<>(kept), in.caseInsensitive(), sp));
            else alts.add(leaf);
        }
        if (!forms.isEmpty()) alts.add(new Match(Match.Kind.COLON, f, forms, true, sp));
        return Normalizer.or(alts, sp);
    }

    /**
     * Whether a wildcard pattern gives the same verdict on a number form as on its number: it matches every non-empty
     * text ({@code *}, {@code ?*}), or it holds a literal character that neither a decimal number nor a number form
     * can hold (so it matches neither).
     */
    private static boolean safePattern(String p, ValueRendering r) {
        String lits = p.replace("*", "").replace("?", "");
        if (lits.isEmpty()) return p.indexOf('*') >= 0 && p.length() - p.replace("?", "").length() <= 1;
        String alphabet = r.numberAlphabet();
        for (char c : lits.toLowerCase(Locale.ROOT).toCharArray()) {
            if (alphabet.indexOf(c) < 0) return true;
        }
        return false;
    }

    /** The interpreter's verdict on an event whose {@code f} is {@code value} (null: missing). */
    static boolean holds(Expr cond, FieldRef f, String value) {
        Map<String, Object> ev = new LinkedHashMap<>();
        if (value != null) ev.put(f.name(), value);
        return Interpreter.compile(new EventQuery(new Filter(Category.any(cond.span()), cond, cond.span()), List.of(),
                cond.span()), InterpreterOptions.defaults()).matches(Event.of(ev));
    }
}
