package dev.ruleport.runtime.matcher;

import dev.ruleport.runtime.Cidr;
import dev.ruleport.runtime.Numbers;
import dev.ruleport.runtime.Values;
import dev.ruleport.runtime.seq.JoinKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Expression semantics over <em>candidate values</em>, for the parts of a rule that generated code
 * does not specialise (and the interpreter's definition of them).
 *
 * <p>Every expression evaluates to a non-empty list of candidate values: a multi-valued field gives
 * all its values, a missing field {@code [null]}, a function over multi-valued arguments one result
 * per combination. A predicate holds when <em>any</em> combination satisfies it.
 */
public final class Eval {
    /** The candidates of a missing value. */
    public static final List<Object> NULL = Collections.singletonList(null);
    /** Function calls over more value combinations than this fail, as in the interpreter. */
    public static final int MAX_COMBINATIONS = 4096;

    private Eval() {
    }

    /** One candidate. */
    public static List<Object> single(Object v) {
        return Collections.singletonList(v);
    }

    /** Raw field values as candidates: {@code [null]} for a missing field. */
    public static List<Object> orNull(List<Object> raw) {
        return raw.isEmpty() ? NULL : raw;
    }

    /** TRUE if any candidate is TRUE, else FALSE if any is FALSE, else unknown. */
    public static Boolean collapse(List<Object> results) {
        boolean sawFalse = false;
        for (Object r : results) {
            if (Boolean.TRUE.equals(r)) {
                return Boolean.TRUE;
            }
            if (Boolean.FALSE.equals(r)) {
                sawFalse = true;
            }
        }
        return sawFalse ? Boolean.FALSE : null;
    }

    /** The text a pattern sees: strings as they are, other scalars in their usual string form. */
    public static String asText(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return String.valueOf(d);
        }
        return v.toString();
    }

    /** {@code x == null} over candidates: true when no candidate has a value. Never unknown. */
    public static boolean absent(List<Object> candidates) {
        for (Object o : candidates) {
            if (o != null) {
                return false;
            }
        }
        return true;
    }

    /** Any-of comparison over two candidate lists. */
    public static Boolean compare(Comparison op, List<Object> ls, List<Object> rs) {
        boolean sawFalse = false;
        for (Object a : ls) {
            for (Object b : rs) {
                Boolean r = op.apply(a, b);
                if (Boolean.TRUE.equals(r)) {
                    return Boolean.TRUE;
                }
                if (Boolean.FALSE.equals(r)) {
                    sawFalse = true;
                }
            }
        }
        return sawFalse ? Boolean.FALSE : null;
    }

    /** A pattern test over candidates: unknown when no candidate has a value. */
    public static Boolean match(List<Object> subject, Predicate<String> pattern) {
        boolean sawValue = false;
        for (Object v : subject) {
            if (v == null) {
                continue;
            }
            sawValue = true;
            if (pattern.test(asText(v))) {
                return Boolean.TRUE;
            }
        }
        return sawValue ? Boolean.FALSE : null;
    }

    /** {@code in} / {@code in~} over candidates. */
    public static Boolean in(List<Object> subject, List<Object> candidates, boolean caseInsensitive) {
        boolean sawFalse = false;
        for (Object v : subject) {
            Boolean r = caseInsensitive ? Values.inIgnoreCase(v, candidates) : Values.in(v, candidates);
            if (Boolean.TRUE.equals(r)) {
                return Boolean.TRUE;
            }
            if (Boolean.FALSE.equals(r)) {
                sawFalse = true;
            }
        }
        return sawFalse ? Boolean.FALSE : null;
    }

    /** The candidates of several expressions, in order (the right side of {@code in}). */
    @SafeVarargs
    public static List<Object> concat(List<Object>... lists) {
        List<Object> out = new ArrayList<>();
        for (List<Object> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    /** {@code l op r} for every combination. */
    public static List<Object> arith(Arith op, List<Object> l, List<Object> r) {
        List<Object> out = new ArrayList<>();
        for (Object x : l) {
            for (Object y : r) {
                out.add(op.apply(x, y));
            }
        }
        return out;
    }

    /** Unary minus: numbers negated, anything else has no value. */
    public static List<Object> negate(List<Object> v) {
        List<Object> out = new ArrayList<>();
        for (Object x : v) {
            out.add(x instanceof Number num ? Numbers.multiply(-1, num) : null);
        }
        return out;
    }

    /** {@code cidrMatch(address, "block", ...)} with literal blocks, for every address candidate. */
    public static List<Object> cidrMatch(List<Object> addresses, List<Cidr> blocks) {
        List<Object> out = new ArrayList<>(addresses.size());
        for (Object a : addresses) {
            out.add(Cidr.matchAny(a, blocks));
        }
        return out;
    }

    /**
     * A function over every combination of argument candidates.
     *
     * @throws IllegalStateException over {@link #MAX_COMBINATIONS} combinations
     */
    @SafeVarargs
    public static List<Object> call(Fn fn, boolean ci, List<Object>... args) {
        long combos = 1;
        for (List<Object> a : args) {
            combos *= a.size();
        }
        checkCombinations(fn, combos);
        List<Object> out = new ArrayList<>();
        product(args, 0, new Object[args.length], out, fn, ci);
        return out;
    }

    /** @throws IllegalStateException over {@link #MAX_COMBINATIONS} combinations */
    public static void checkCombinations(Fn fn, long combos) {
        if (combos > MAX_COMBINATIONS) {
            throw new IllegalStateException("too many value combinations for " + fn.displayName() + ": " + combos);
        }
    }

    private static void product(List<Object>[] args, int i, Object[] current, List<Object> out, Fn fn, boolean ci) {
        if (i == args.length) {
            out.add(fn.apply(ci, current.clone()));
            return;
        }
        for (Object v : args[i]) {
            current[i] = v;
            product(args, i + 1, current, out, fn, ci);
        }
    }

    /** Join keys compare with equals: integral numbers are all Long, other values as they are. */
    public static Object keyValue(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        return v;
    }

    /** The join-key tuples of one event from each key's candidates ({@link JoinKeys#fanOut}). */
    @SafeVarargs
    public static List<List<Object>> keyTuples(boolean[] nullAllowed, List<Object>... perKey) {
        List<List<Object>> keys = new ArrayList<>(perKey.length);
        for (List<Object> candidates : perKey) {
            List<Object> vs = new ArrayList<>(candidates.size());
            for (Object v : candidates) {
                vs.add(keyValue(v));
            }
            keys.add(vs);
        }
        return JoinKeys.fanOut(keys, nullAllowed);
    }

    /** An unmodifiable hash set of strings (duplicates allowed in the input). */
    public static Set<String> stringSet(String... values) {
        return Collections.unmodifiableSet(new HashSet<>(Arrays.asList(values)));
    }

    /** The union of several string sets (large literal lists are built in parts). */
    @SafeVarargs
    public static Set<String> union(Set<String>... parts) {
        Set<String> all = new HashSet<>();
        for (Set<String> p : parts) {
            all.addAll(p);
        }
        return Collections.unmodifiableSet(all);
    }
}
