package dev.ruleport.lower;

import dev.ruleport.diag.Span;
import dev.ruleport.ir.Compare;
import dev.ruleport.ir.Expr;
import dev.ruleport.ir.FieldPath;
import dev.ruleport.ir.FieldRef;
import dev.ruleport.ir.In;
import dev.ruleport.ir.Literal;
import dev.ruleport.ir.Match;
import dev.ruleport.ir.Not;
import dev.ruleport.mapping.KeyedEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites a leaf on a field the target stores as an entry of a list ({@link KeyedEntry}: Sysmon's
 * {@code SHA256=...} in {@code Hashes}) into the same test of the list's field, exactly.
 *
 * <p>The field's values on the target are few in kind: missing, or a lower-case hexadecimal value of the entry's
 * length that is not only zeros. A leaf that compares the field with whole values ({@code ==}, {@code !=},
 * {@code in}, {@code in~}, {@code :} and {@code like} without wildcards) has the same outcome on every value it does
 * not name (ignoring ASCII case where the leaf does), so the interpreter decides it on each value it names that the
 * field can hold (lower-cased: {@code == "ABC..."} then never holds, {@code : "ABC..."} holds on {@code abc...}), on
 * one other value standing for all the others, and on a missing field. The result tests the list:
 * <ul>
 *   <li>the field is {@code v}: the list has the entry {@code KEY=v} followed by a separator or ending there,
 *       {@code list : ("*KEY=v,*", "*KEY=v")}; {@code :} ignores case, as the target writes the hexadecimal in upper
 *       case and ECS in lower case;</li>
 *   <li>the field is present: the list has an entry {@code KEY=} that is not only zeros;</li>
 * </ul>
 * Since no key of a list ends another (checked when the profile is loaded) and no value holds {@code =} or a
 * separator, {@code KEY=} is found only where that entry starts. Patterns, regular expressions, functions and
 * comparisons with other fields are refused: a pattern may match some values of the entry and not others, which the
 * list's text cannot tell apart.
 */
final class Entries {
    private Entries() {}

    /** The leaf ({@code negated}: under {@code not}) as a test of the list; in normal form. */
    static Renderings.Result rewrite(Expr leaf, boolean negated, FieldRef field, KeyedEntry e) {
        List<String> named = named(leaf, field);
        if (named == null) return new Renderings.Result(null, refusal(field, e));
        Span sp = leaf.span();
        Expr full = negated ? new Not(leaf, sp) : leaf;
        Set<String> values = new LinkedHashSet<>();
        for (String v : named) if (e.canHold(v.toLowerCase(Locale.ROOT))) values.add(v.toLowerCase(Locale.ROOT));
        List<String> holding = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        for (String v : values) (Renderings.holds(full, field, v) ? holding : failing).add(v);
        FieldRef list = new FieldRef(FieldPath.parse(e.list()), false, field.span());
        List<Expr> alts = new ArrayList<>();
        boolean onOther = Renderings.holds(full, field, other(e, values));
        if (onOther && Renderings.holds(full, field, null)) {
            // holds unless the field is one of the failing values (each of which implies the entry is present)
            Expr none = failing.isEmpty() ? Normalizer.TRUE : new Not(anyOf(list, e, failing, sp), sp);
            return new Renderings.Result(Normalizer.normalize(none), null);
        }
        if (onOther) {
            alts.add(failing.isEmpty() ? present(list, e, sp)
                    : Normalizer.and(List.of(present(list, e, sp), new Not(anyOf(list, e, failing, sp), sp)), sp));
        } else if (!holding.isEmpty()) {
            alts.add(anyOf(list, e, holding, sp));
        }
        if (Renderings.holds(full, field, null)) alts.add(new Not(present(list, e, sp), sp));
        return new Renderings.Result(Normalizer.normalize(Normalizer.or(alts, sp)), null);
    }

    static String refusal(FieldRef field, KeyedEntry e) {
        return field.name() + " is the " + e.key() + " entry of " + e.list() + " (" + e.key() + "=<hex>, entries separated"
                + " by '" + KeyedEntry.SEPARATOR + "'): only comparisons with whole values (==, !=, in, : without"
                + " wildcards) are translated";
    }

    /**
     * The string values the leaf compares the field with, when it only compares the field with whole values (an
     * empty list for a test of presence); null otherwise.
     */
    private static List<String> named(Expr leaf, FieldRef field) {
        List<Literal> literals = new ArrayList<>();
        if (leaf instanceof Compare c && (c.op() == Compare.Op.EQ || c.op() == Compare.Op.NE)
                && (isField(c.left(), field) && c.right() instanceof Literal || isField(c.right(), field) && c.left() instanceof Literal)) {
            Literal l = (Literal) (c.right() instanceof Literal ? c.right() : c.left());
            if (l.isNull()) return List.of();
            literals.add(l);
        } else if (leaf instanceof In in && isField(in.subject(), field)) {
            for (Expr v : in.values()) {
                if (!(v instanceof Literal l)) return null;
                literals.add(l);
            }
        } else if (leaf instanceof Match m && m.kind() != Match.Kind.REGEX && isField(m.subject(), field)) {
            for (Literal l : m.patterns()) {
                if (l.isString() && (l.asString().indexOf('*') >= 0 || l.asString().indexOf('?') >= 0)) return null;
                literals.add(l);
            }
        } else {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Literal l : literals) {
            if (!l.isString()) return null;
            out.add(l.asString());
        }
        return out;
    }

    private static boolean isField(Expr e, FieldRef field) {
        return e instanceof FieldRef f && f.name().equals(field.name());
    }

    /** A value the field can hold that is none of {@code named}: it stands for every value the leaf does not name. */
    private static String other(KeyedEntry e, Set<String> named) {
        for (char c : "123456789abcdef".toCharArray()) {
            String v = String.valueOf(c).repeat(e.digits());
            if (!named.contains(v)) return v;
        }
        throw new IllegalStateException("unreachable: fifteen values cannot all be named");
    }

    /** The list has the entry with one of these values (lower-case), ignoring case. */
    private static Expr anyOf(FieldRef list, KeyedEntry e, List<String> values, Span sp) {
        List<Literal> patterns = new ArrayList<>();
        for (String v : values) {
            patterns.add(Literal.ofString("*" + e.entry(v) + KeyedEntry.SEPARATOR + "*", sp));
            patterns.add(Literal.ofString("*" + e.entry(v), sp));
        }
        return new Match(Match.Kind.COLON, list, patterns, true, sp);
    }

    /** The list has the entry, with a value that is not only zeros (the pipeline drops that one). */
    private static Expr present(FieldRef list, KeyedEntry e, Span sp) {
        Expr key = new Match(Match.Kind.COLON, list, List.of(Literal.ofString("*" + e.key() + "=*", sp)), true, sp);
        Expr zeros = new Match(Match.Kind.COLON, list, List.of(
                Literal.ofString("*" + e.key() + "=" + e.zeros() + KeyedEntry.SEPARATOR + "*", sp),
                Literal.ofString("*" + e.key() + "=" + e.zeros(), sp)), true, sp);
        return Normalizer.and(List.of(key, new Not(zeros, sp)), sp);
    }
}
